"""The kiosk: its page (served by the server) and the print agent that runs on the kiosk PC.

It talks to the queue server only over HTTP and Socket.IO.
"""
