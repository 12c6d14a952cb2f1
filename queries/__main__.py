"""`python -m queries` held the report commands; they moved to `python -m report` (the layers:
the query layer runs named queries, the report is made above it). Says so and stops."""

import sys

print(
    "python -m queries: de opdrachten staan nu onder python -m report (bijvoorbeeld"
    " 'python -m report kerncijfers --from 2019 --to 2021'; commands moved to python -m report).",
    file=sys.stderr,
)
sys.exit(2)
