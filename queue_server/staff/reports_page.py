"""The reports page `/reports` and the printable annual summary (routes are added here)."""
