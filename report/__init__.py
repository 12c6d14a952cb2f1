"""The IROJ regional report (PDF and printable HTML) and the position-paper pack (zip).

* `report.content`: what the report says, gathered through a runner of protected query results;
* `report.pdf` / `report.html`: the same planned A4 pages as PDF (ReportLab) and as HTML;
* `report.pack`: every chart as SVG and 300-dpi PNG, the figures as XLSX, and CITATION.txt.

No Streamlit here: the dashboard (ui/pack.py) and the command line (`python -m report rapport`)
call the same functions.
"""
