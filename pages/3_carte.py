"""3_carte (placeholder)"""
from dashboard.sidebar import page_setup

ctx = page_setup("page_map")
