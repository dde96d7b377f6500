"""Journal d'audit — who signed in, failed to, imported or exported what (or was refused an export, and
why), which accounts and rights changed, and when (data owner only)."""
import pandas as pd
import streamlit as st

from dashboard import auth, charts
from dashboard.sidebar import page_setup


ctx = page_setup("page_journal")
st.caption(ctx.t("journal_intro"))
log = pd.DataFrame(auth.read_audit())
if log.empty:
    st.info(ctx.t("journal_empty"))
    st.stop()
log = log.iloc[::-1].reset_index(drop=True)
kinds = sorted(log["event"].dropna().unique())
chosen = st.multiselect(ctx.t("journal_events"), kinds, default=kinds, key="journal_events")
shown = log[log["event"].isin(chosen)]
st.dataframe(shown, width="stretch", hide_index=True)
charts.download(shown.astype(str), ctx.lang, "journal_audit", "journal")
