"""Public pages: the ticket's status page that the QR code opens."""
