"""Messages to visitors: what is said (the catalogue's texts) and how it leaves (e-mail, SMS).

The package knows nothing of the database: `commands/messages.py` queues a
message in the caller's transaction and hands the due ones to a `Sender`
after the commit. Without a configured sender a message is skipped, never
an error (docs/messages.md).
"""
