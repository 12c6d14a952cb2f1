"""The published key figures ('kerncijfers'): computing them (`compute`), their formats (`formats`)
and the command line (`command`, `python -m report kerncijfers`)."""
