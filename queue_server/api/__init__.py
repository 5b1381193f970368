"""The REST API under /api/v1: parse → authorise → command → JSON."""
