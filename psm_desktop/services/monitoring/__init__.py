"""The monitoring cycle: periods and their frozen snapshots, indicators, computed health."""
