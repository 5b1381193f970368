"""The desk console `/desk` (routes are added here)."""
