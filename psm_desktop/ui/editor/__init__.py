"""The action editor: every field of an action, its assignments, deadlines and history."""
