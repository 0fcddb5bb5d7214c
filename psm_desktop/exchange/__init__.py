"""Files in and out of the application (Excel trackers, PDF sheets). No Qt."""
