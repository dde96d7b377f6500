"""Importer des données (placeholder)"""
from dashboard.sidebar import page_setup

ctx = page_setup("page_import")
