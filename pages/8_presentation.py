"""Présentation — the steering committee's deck for the current filters, one slide at a time, full screen,
and the same deck as an editable PowerPoint.

← / → (or the buttons) change slide; the slide number is kept in the URL (?diapo=3).
"""
import streamlit as st

from dashboard import access, slides
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


def pptx() -> bytes:
    from dashboard import deck_pptx       # python-pptx: loaded when the file is asked for
    return deck_pptx.pptx_bytes(slides.deck(ctx), ctx.lang, ctx.context_line(), ctx.dataset.synthetic)


s = slides.build(slides.SLIDES[i - 1], ctx)
st.html(slides.context_html(ctx))
st.html(f'<p class="sl-title">{s.title}</p><p class="sl-finding">{s.finding}</p>')
with st.container(key="slide_body"):
    if s.html is not None:
        st.html(s.html)
    elif s.fig is not None:
        st.plotly_chart(s.fig, width="stretch", height="stretch", key=f"slide_{i}",
                        config={"displaylogo": False, "displayModeBar": False, "responsive": True})
    else:
        st.html(f'<p class="sl-list">{ctx.t("no_data")}</p>')

left, mid, right, dl, out = st.columns([2, 1, 2, 4, 2], vertical_alignment="center")
left.button("← " + ctx.t("sl_prev"), on_click=go_to, args=(i - 1,), disabled=i == 1, shortcut="Left",
            key="sl_prev_btn")
mid.markdown(f"**{i} / {n}**")
right.button(ctx.t("sl_next") + " →", on_click=go_to, args=(i + 1,), disabled=i == n, shortcut="Right",
             key="sl_next_btn")
dl.download_button(ctx.t("sl_pptx"), access.guarded(pptx, "presentation", "pptx", ctx.lang),
                   file_name="presentation_kangaba.pptx", on_click="ignore", icon="⬇️", key="sl_pptx_btn",
                   mime="application/vnd.openxmlformats-officedocument.presentationml.presentation")
out.page_link("app.py", label=ctx.t("sl_exit"), query_params=link_params())
