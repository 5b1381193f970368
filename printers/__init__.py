"""Ticket printing: a pure layout, its ESC/POS rendering, and the transports to printers.

Independent of the server: the kiosk print agent uses it with the data the
server sends over Socket.IO.
"""
