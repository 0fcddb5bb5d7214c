"""The Piano screen: plan tree, filters, action table, and the structure edits."""
