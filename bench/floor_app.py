"""The floor of the first overview (bench/first_overview.py): the smallest Streamlit page that shows what the
overview's first screen must show before it counts as drawn (a title and one drawn plotly chart), served by
`python -m streamlit run bench/floor_app.py` exactly as the dashboard is by `streamlit run serve.py`."""
import plotly.graph_objects as go
import streamlit as st

st.title("Plancher")
st.plotly_chart(go.Figure(go.Scatter(x=[1, 2, 3], y=[1, 3, 2])), config={"displaylogo": False})
