"""Performance benchmark of the dashboard (issue 7): `python -m bench.benchmark --scales 1 10 100`.

Modules:
- common.py         demo data per scale (cached), server start/stop, peak memory, statistics, tables
- query_bench.py    (a) every function of the query layer, warm, default and commune+year filters
- page_bench.py     (b) every page through streamlit.testing AppTest, cold and warm (one subprocess per scale)
- browser_bench.py  (c) `streamlit run serve.py` to a fully drawn overview in headless chromium, (d) peak RSS
- pandas_baseline.py (e) the five heaviest aggregations in plain pandas, checked equal to DuckDB's
- load.py           (f) N simultaneous sessions changing filters (websocket clients or chromium pages)
- benchmark.py      runs them all for each scale and prints / writes the table
- serve_cluster.sh  N streamlit servers behind nginx (sticky sessions) on port 8080
"""
