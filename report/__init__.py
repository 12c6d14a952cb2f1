"""Documents made from the protected figures: the key figures, the IROJ regional report (PDF and
printable HTML) and the position-paper pack (zip), with their command line (`python -m report`).

* `report.keyfigures`: the key figures (computing, formats, the `kerncijfers` command);
* `report.model`: the report's request, values, blocks and sections, and its runner;
* `report.content`: what the report says, gathered through that runner; `report.changes` the
  change sentences; `report.charts` its paper charts;
* `report.render`, `report.pdf`, `report.html`: the same planned A4 pages as PDF (ReportLab) and HTML;
* `report.pack`: every chart as SVG and 300-dpi PNG, the figures as XLSX, and CITATION.txt;
* `report.cli`, `report.regional_command`: `python -m report kerncijfers|rapport`.

No Streamlit here: the dashboard (ui/pack.py) and the command line call the same functions.
"""
