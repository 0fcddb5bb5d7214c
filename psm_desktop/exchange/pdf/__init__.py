"""PDF sheets of the plan: axis sheets, action sheets, the deadlines report.

Importing this package is cheap: reportlab is only imported by the modules that lay
out documents (`documents` and below), which the CLI and the UI import when asked to
export. `theme` reads the office's template (reports/pdf-theme.toml) with no reportlab.
"""
