"""2_prise_en_charge (placeholder)"""
from dashboard.sidebar import page_setup

ctx = page_setup("page_cases")
