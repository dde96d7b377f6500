"""Journal d'audit — who signed in, failed to, imported or exported what (or was refused an export, and
why), which accounts and rights changed, and when (data owner only). Columns and events in the reader's
language, times in the reader's zone (the browser's, else the server's), named in the header."""
import streamlit as st

from dashboard import auth, charts, journal
from dashboard.sidebar import page_setup


ctx = page_setup("page_journal")
st.caption(ctx.t("journal_intro"))
records = auth.read_audit()
if not records:
    st.info(ctx.t("journal_empty"))
    st.stop()
kinds = sorted({r.get("event") for r in records if r.get("event")})
chosen = st.multiselect(ctx.t("journal_events"), kinds, default=kinds, key="journal_events",
                        format_func=lambda e: journal.event_label(e, ctx.lang))
shown = journal.table([r for r in records if r.get("event") in chosen], ctx.lang, st.context.timezone)
st.dataframe(shown, width="stretch", hide_index=True)
charts.download(shown.astype(str), ctx.lang, "journal_audit", "journal")
