"""Présentation — the steering committee's slides for the current filters, one at a time, full screen.

← / → (or the buttons) change slide; the slide number is kept in the URL (?diapo=3).
"""
import streamlit as st

from dashboard import slides
from dashboard.sidebar import link_params, page_setup

ctx = page_setup("page_presentation", frame=False)
st.html(slides.CSS)

n = len(slides.SLIDES)
try:
    i = min(max(int(st.query_params.get("diapo", "1")), 1), n)
except ValueError:
    i = 1


def go_to(j: int) -> None:
    st.query_params["diapo"] = str(min(max(j, 1), n))


title, finding, content = slides.build(slides.SLIDES[i - 1], ctx)
st.html(slides.context_html(ctx))
st.html(f'<p class="sl-title">{title}</p><p class="sl-finding">{finding}</p>')
with st.container(key="slide_body"):
    if content is None:
        st.html(f'<p class="sl-list">{ctx.t("no_data")}</p>')
    elif isinstance(content, str):
        st.html(content)
    else:
        st.plotly_chart(content, width="stretch", height="content" if content.layout.height else "stretch",
                        key=f"slide_{i}",
                        config={"displaylogo": False, "displayModeBar": False, "responsive": True})

left, mid, right, out = st.columns([2, 1, 2, 3], vertical_alignment="center")
left.button("← " + ctx.t("sl_prev"), on_click=go_to, args=(i - 1,), disabled=i == 1, shortcut="Left",
            key="sl_prev_btn")
mid.markdown(f"**{i} / {n}**")
right.button(ctx.t("sl_next") + " →", on_click=go_to, args=(i + 1,), disabled=i == n, shortcut="Right",
             key="sl_next_btn")
out.page_link("app.py", label=ctx.t("sl_exit"), query_params=link_params())
