"""Application commands: each is one transaction that loads, lets the domain decide,
saves, and appends the resulting events to the outbox; events go out only after the
commit."""
