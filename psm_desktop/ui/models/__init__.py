"""Qt item models over plain rows loaded in bulk by the services (never a query per row)."""
