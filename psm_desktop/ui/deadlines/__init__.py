"""The Scadenze screen."""
