"""1_sensibilisation (placeholder)"""
from dashboard.sidebar import page_setup

ctx = page_setup("page_sensitisation")
