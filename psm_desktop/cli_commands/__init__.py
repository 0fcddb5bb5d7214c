"""Sub-commands of `psm-desktop`, one module per area; each exposes `register(subparsers)`."""
