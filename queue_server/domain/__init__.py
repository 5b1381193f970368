"""The pure queue domain: no Flask, no SQL, no Socket.IO, no clock (see README.md)."""
