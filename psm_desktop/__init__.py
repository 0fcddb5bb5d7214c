"""PSM Desktop: offline management of the actions of a strategic plan."""

__version__ = "0.1.0"
