"""Excel trackers that travel between offices and come back merged.

Modules: layout (sheets and columns), values (cell values in and out), scope, snapshot
(the database's data), export (openpyxl write-only), safety (checks before opening an
untrusted file), reading (tolerant parsing), merge (three-way per field), plan (the preview
of changes), apply (one transaction). openpyxl is only imported inside functions.
"""
