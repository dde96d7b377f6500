"""Vue d'ensemble — where does the project stand against its logframe? (placeholder)"""
from dashboard.sidebar import page_setup

ctx = page_setup("page_overview")
