"""5_qualite (placeholder)"""
from dashboard.sidebar import page_setup

ctx = page_setup("page_quality")
