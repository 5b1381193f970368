"""The device protocol: what crosses a process between the server, the print agents, the kiosks and the boards.

Event names (`events.py`) and message types (`messages.py`) are declared
here once, and both sides import them: the server (`queue_server`) to check
what a device sends and to build what it sends back, the print agent
(`kiosk/agent.py`) to check a print job before it touches its journal, and
`printers/` to lay out the ticket the job carries. The browser pages get the
same declarations as a JSON Schema (`schema.py`, served at
`/protocol/schema.json`).

This package imports nothing of the server, the devices, Flask, Socket.IO or
SQL (an import-linter contract in setup.cfg), so any side may depend on it
and none drags another in.
"""

from .errors import ProtocolError
from .messages import (
    LABEL_KEYS,
    PRINTER_STATES,
    AgentHello,
    AgentHelloAnswer,
    BoardHello,
    EventEnvelope,
    KioskPrintResult,
    PrinterStatus,
    PrintJob,
    PrintResult,
    PrintTicket,
    Subscribe,
    Unsubscribe,
)

__all__ = [
    "LABEL_KEYS",
    "PRINTER_STATES",
    "AgentHello",
    "AgentHelloAnswer",
    "BoardHello",
    "EventEnvelope",
    "KioskPrintResult",
    "PrintJob",
    "PrintResult",
    "PrintTicket",
    "PrinterStatus",
    "ProtocolError",
    "Subscribe",
    "Unsubscribe",
]
