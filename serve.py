"""The dashboard's server: `python -m streamlit run serve.py` (README).

The same Streamlit app as `streamlit run app.py` (app.py and pages/), started through st.App so that
the server can prepare itself when it starts (dashboard/warmup.py): it builds the data version in force
while it starts, and as soon as it answers it asks itself for the overview and the cases page, which fills
the caches before the first person arrives. KANGABA_WARMUP=0 turns that off.
"""
import os
from contextlib import asynccontextmanager

import streamlit as st
from streamlit import config

from dashboard import warmup


def _base_url() -> str:
    address = config.get_option("server.address") or "127.0.0.1"
    if address in ("0.0.0.0", "::", ""):
        address = "127.0.0.1"
    path = (config.get_option("server.baseUrlPath") or "").strip("/")
    return f"http://{address}:{config.get_option('server.port')}" + (f"/{path}" if path else "")


@asynccontextmanager
async def _lifespan(_app):
    if os.environ.get("KANGABA_WARMUP", "1") != "0":
        warmup.start_in_background(_base_url())
    yield


app = st.App("app.py", lifespan=_lifespan)
