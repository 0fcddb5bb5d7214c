"""Shared machinery of every screen: the open database and its edit session, undo,
background jobs, events, settings, messages and file choosers."""
