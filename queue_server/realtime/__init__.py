"""Socket.IO: rooms, the subscribe protocol, handlers, and the relay of committed events."""
