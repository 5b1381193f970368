"""The managers' dashboard `/dashboard` (routes are added here)."""
