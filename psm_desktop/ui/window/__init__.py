"""The main window: its menus, toolbar and the screens it composes."""
