"""Socket.IO: the one namespace and its audiences (namespace.py), rooms, the relay of committed events, the heartbeat."""
