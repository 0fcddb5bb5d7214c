"""Monitoraggio menu: periods, indicators and update campaigns."""
