"""The Streamlit side of the dashboard: filters, mode, page furniture, the pack buttons and the cached
data access. The only package besides `dashboard.py` and `pages/` that imports Streamlit.

Only `ui.data` touches the query layer from Streamlit; pages call it and never hold SQL. Labels,
formats, chart specs and exports live in `present/` (no Streamlit), which the report shares.
"""
