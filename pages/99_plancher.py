"""The benchmark's floor (bench/floor.py): an empty page served by the same server as the dashboard, whose
rerun is what Streamlit itself costs. Not in the sidebar (dashboard/sidebar.PAGES) and not for people:
unless the server was started with KANGABA_BENCH_FLOOR=1 (only the benchmark does), it sends whoever
opens it to the overview."""
import os

import streamlit as st

if os.environ.get("KANGABA_BENCH_FLOOR") != "1":
    st.switch_page("app.py")
