"""The publication: a static, accessible web site of the plan at a period, and open data."""
