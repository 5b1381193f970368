"""Persistence of the domain and the event outbox: all the SQL lives here."""
