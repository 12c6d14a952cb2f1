"""The Streamlit side of the dashboard: labels, filters, charts, downloads and the cached data access.

Only `ui.data` touches the query layer from Streamlit; pages call it and never hold SQL.
`ui.i18n`, `ui.charts` and `ui.export` import no Streamlit, so reports can reuse them.
"""
