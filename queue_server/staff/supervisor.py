"""The supervisor's page `/supervisor` (routes are added here)."""
