"""Presentation without Streamlit: the catalogues of indicators and labels, number formats, chart
specs, tables and exports. The pages (through ui/), the report and the commands read it."""
