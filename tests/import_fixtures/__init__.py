"""Messy partner files for the importer tests, written by code (build.py) so that every cell is visible."""
