"""Every Socket.IO event name the server, the devices and the pages use, spelled once.

Client → server:
    SUBSCRIBE, UNSUBSCRIBE      any page: follow an office (a `Subscribe`)
    AGENT_HELLO                 the print agent, after each connect (an `AgentHello`)
    PRINT_RESULT                the print agent: a job's outcome (a `PrintResult`)
    PRINTER_STATUS              the print agent: the printer's state (a `PrinterStatus`)
    KIOSK_WATCH                 the kiosk page: hear the outcome of its tickets' jobs
    BOARD_HELLO                 a hall board page, after each connect (a `BoardHello`)

Server → client:
    SNAPSHOT, EVENT             the office's state, then each event (an `EventEnvelope`)
    HEARTBEAT                   a sign of life with the current `seq`
    PRINT                       the print agent: a job to print (a `PrintJob`)
    PRINT_RESULT                the kiosk page: a job's outcome (a `KioskPrintResult`)
    PRESENCE                    the staff pages: which boards are showing
    DEVICE_REVOKED              a device's connection, just before it is closed
    ERROR                       the refusal of a message, also returned as its ack
"""

from __future__ import annotations

from typing import Final

SUBSCRIBE: Final = "subscribe"
UNSUBSCRIBE: Final = "unsubscribe"
SNAPSHOT: Final = "snapshot"
EVENT: Final = "event"
HEARTBEAT: Final = "heartbeat"
ERROR: Final = "error"
AGENT_HELLO: Final = "agent.hello"
PRINT: Final = "print"
PRINT_RESULT: Final = "print.result"
PRINTER_STATUS: Final = "printer.status"
KIOSK_WATCH: Final = "kiosk.watch"
BOARD_HELLO: Final = "board.hello"
PRESENCE: Final = "presence"
DEVICE_REVOKED: Final = "device.revoked"

ALL: Final = (
    SUBSCRIBE,
    UNSUBSCRIBE,
    SNAPSHOT,
    EVENT,
    HEARTBEAT,
    ERROR,
    AGENT_HELLO,
    PRINT,
    PRINT_RESULT,
    PRINTER_STATUS,
    KIOSK_WATCH,
    BOARD_HELLO,
    PRESENCE,
    DEVICE_REVOKED,
)
