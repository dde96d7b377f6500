"""Explorer un indicateur — where and why: one indicator broken down by one or two of commune, locality,
partner, year, quarter, sex, age group and setting, each cell against its own target; then the partners
and the communes side by side on the main indicators, with the last activity each partner reported.

Reached from every overview card and every logframe row (the indicator and the filters in the URL).
"""
import streamlit as st

from dashboard import charts, i18n
from dashboard import fig_explore as fe
from dashboard.sidebar import page_setup
from queries import grains as G
from queries import logframe

ctx = page_setup("page_explorer")
lang, k = ctx.lang, ctx.threshold
st.markdown(f"**{ctx.t('ex_question')}**")

# ---- the indicator and the grains, kept in the URL (a link from the overview sets them)
lf = logframe().sort_values("order").set_index("id", drop=False)
ids = list(lf["id"])
asked = st.query_params.get(fe.PARAM_INDICATOR)
c1, c2, c3 = st.columns([3, 1.3, 1.3])
iid = c1.selectbox(ctx.t("ex_indicator"), ids, index=ids.index(asked) if asked in ids else ids.index("reinsertion_rate"),
                   format_func=lambda i: i18n.indicator(i, lang), key="ex_indicator")
st.query_params[fe.PARAM_INDICATOR] = iid
fits = [g for g in G.GRAINS if G.applies(g, lf.loc[iid])]
by1_asked = st.query_params.get(fe.PARAM_BY)
by1 = c2.selectbox(ctx.t("ex_by"), fits, index=fits.index(by1_asked) if by1_asked in fits else 0,
                   format_func=lambda g: fe.grain_label(g, lang), key=f"ex_by_{iid}")
rest = [None] + [g for g in fits if g != by1 and not (g in ("year", "quarter") and by1 in ("year", "quarter"))
                 and not (g in G.COLUMN_GRAINS and by1 in G.COLUMN_GRAINS)]
by2_asked = st.query_params.get(fe.PARAM_THEN)
by2 = c3.selectbox(ctx.t("ex_then"), rest, index=rest.index(by2_asked) if by2_asked in rest else 0,
                   format_func=lambda g: ctx.t("ex_none") if g is None else fe.grain_label(g, lang),
                   key=f"ex_then_{iid}_{by1}")
st.query_params[fe.PARAM_BY] = by1
if by2:
    st.query_params[fe.PARAM_THEN] = by2
else:
    st.query_params.pop(fe.PARAM_THEN, None)
other = [g for g in G.GRAINS if g not in fits]
if other:
    st.caption(ctx.t("ex_not_applicable", grains=", ".join(fe.grain_label(g, lang).lower() for g in other)))

# ---- the cells
by = (by1,) + ((by2,) if by2 else ())
total = ctx.run("indicators").set_index("id").loc[iid]
st.markdown(fe.total_line(total, lang, k))
cells = ctx.run("explore.explorer_cells", indicator=iid, by=by)
if cells.empty:
    charts.empty(lang, i18n.indicator(iid, lang))
else:
    table = fe.explorer_table(cells, iid, by, lang, k, ctx.scope.protected)
    charts.show(fe.explorer_figure(cells, iid, by, lang, k), table, lang, f"explorateur_{iid}", key="explorer")
    charts.dataframe(table)
    notes = [ctx.t("ex_note_filter"), ctx.t("ex_note_sum")]
    if ctx.scope.protected:
        notes.append(ctx.t("ex_note_rounded", k=k))
    if "age_group" in by:
        notes.append(ctx.t("ex_note_age"))
    st.caption(" ".join(notes))

# ---- partners and communes side by side
st.subheader(ctx.t("ex_side_title"))
st.caption(ctx.t("ex_side_intro"))
charts.draw(fe.side_by_side(ctx.run("explore.side_by_side"), ctx.run("completeness.completeness_summary"), lang, k),
            lang, "partenaires_communes", ctx.t("ex_side_title"))
