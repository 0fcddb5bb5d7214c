"""Small widgets and painters shared by several screens."""
