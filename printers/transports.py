"""Connections to printers, chosen by a URI.

    tcp://10.0.0.5:9100        a network printer (raw TCP, port 9100 by default)
    usb://04b8:0202            a USB printer by vendor and product id (hex)
    serial:///dev/ttyUSB0?baudrate=19200
    file:///dev/usb/lp0        a device node or any file
    cups://TM-T20              a CUPS queue (needs pycups)
    dummy://                   keeps the bytes in memory (tests, a kiosk without a printer)

Network and serial printers answer status questions; a file, CUPS or USB
connection is reported as UNKNOWN (it prints, but cannot say why it would not).
"""

from __future__ import annotations

import socket
from dataclasses import dataclass, field
from typing import Any, Protocol
from urllib.parse import parse_qs, urlsplit

from protocol.messages import PrinterState

from .status import ASK_OFFLINE_CAUSE, ASK_PAPER, ASK_PRINTER, PrinterStatus, interpret

DEFAULT_PORT = 9100
TIMEOUT_SECONDS = 5.0


class PrinterError(Exception):
    """The ticket did not reach the printer; `reason` is what the agent reports."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Transport(Protocol):
    uri: str

    def send(self, data: bytes) -> None: ...

    def status(self) -> PrinterStatus: ...


@dataclass
class TcpTransport:
    host: str
    port: int
    uri: str
    timeout: float = TIMEOUT_SECONDS

    def _connect(self) -> socket.socket:
        try:
            return socket.create_connection((self.host, self.port), timeout=self.timeout)
        except OSError as error:
            raise PrinterError(f"cannot reach the printer at {self.host}:{self.port}: {error.strerror or error}") from error

    def send(self, data: bytes) -> None:
        with self._connect() as connection:
            try:
                connection.sendall(data)
            except OSError as error:
                raise PrinterError(f"the printer at {self.host}:{self.port} broke the connection: {error}") from error

    def status(self) -> PrinterStatus:
        try:
            connection = self._connect()
        except PrinterError as error:
            return PrinterStatus(PrinterState.UNREACHABLE, error.reason)
        with connection:
            answers = []
            for question in (ASK_PRINTER, ASK_OFFLINE_CAUSE, ASK_PAPER):
                try:
                    connection.sendall(question)
                    answer = connection.recv(1)
                except OSError:
                    answer = b""
                if not answer:
                    return PrinterStatus(PrinterState.UNKNOWN, "the printer does not answer status questions")
                answers.append(answer[0])
        return interpret(*answers)


@dataclass
class FileTransport:
    path: str
    uri: str

    def send(self, data: bytes) -> None:
        try:
            with open(self.path, "ab") as device:
                device.write(data)
        except OSError as error:
            raise PrinterError(f"cannot write to {self.path}: {error.strerror or error}") from error

    def status(self) -> PrinterStatus:
        return PrinterStatus(PrinterState.UNKNOWN, "a file or device node cannot report the printer's state")


@dataclass
class DummyTransport:
    uri: str = "dummy://"
    printed: list[bytes] = field(default_factory=list)

    def send(self, data: bytes) -> None:
        self.printed.append(data)

    def status(self) -> PrinterStatus:
        return PrinterStatus(PrinterState.READY)


@dataclass
class EscposTransport:
    """USB, serial and CUPS through python-escpos's own printer classes."""

    make: Any  # a callable that opens the python-escpos printer
    uri: str
    answers_status: bool = False

    def send(self, data: bytes) -> None:
        try:
            printer = self.make()
            printer._raw(data)
            printer.close()
        except PrinterError as error:
            raise PrinterError(f"printing to {self.uri} failed: {error.reason}") from error
        except Exception as error:  # pyusb, pyserial and pycups raise their own kinds
            raise PrinterError(f"printing to {self.uri} failed: {error}") from error

    def status(self) -> PrinterStatus:
        if not self.answers_status:
            return PrinterStatus(PrinterState.UNKNOWN, f"{self.uri.split(':')[0]} printers are not asked for status")
        try:
            printer = self.make()
            online = printer.is_online()
            paper = printer.paper_status()
            printer.close()
        except Exception as error:
            return PrinterStatus(PrinterState.UNREACHABLE, str(error))
        if not online:
            return PrinterStatus(PrinterState.OFFLINE, "the printer is offline")
        return {0: PrinterStatus(PrinterState.PAPER_OUT, "the paper has run out"),
                1: PrinterStatus(PrinterState.PAPER_LOW, "the paper is nearly out")}.get(paper, PrinterStatus(PrinterState.READY))


def open_printer(uri: str) -> Transport:
    """The transport a URI names; a malformed URI is a ValueError that says what is expected."""
    parts = urlsplit(uri)
    scheme = parts.scheme.lower()
    if scheme == "tcp":
        if not parts.hostname:
            raise ValueError(f"{uri!r}: a network printer needs a host, e.g. tcp://10.0.0.5:9100")
        try:
            port = parts.port or DEFAULT_PORT
        except ValueError:
            raise ValueError(f"{uri!r}: the port must be a number from 1 to 65535") from None
        return TcpTransport(parts.hostname, port, uri)
    if scheme == "file":
        if not parts.path:
            raise ValueError(f"{uri!r}: give a path, e.g. file:///dev/usb/lp0")
        return FileTransport(parts.path, uri)
    if scheme == "dummy":
        return DummyTransport(uri)
    if scheme == "usb":
        vendor, _, product = parts.netloc.partition(":")
        try:
            ids = int(vendor, 16), int(product, 16)
        except ValueError:
            raise ValueError(f"{uri!r}: a USB printer is usb://VENDOR:PRODUCT in hex, e.g. usb://04b8:0202") from None

        def make_usb() -> Any:
            from escpos.printer import Usb  # type: ignore[import-untyped]

            if not Usb.is_usable():
                raise PrinterError("USB printing needs pyusb and libusb: pip install 'cherga[usb]'")
            return Usb(*ids)

        return EscposTransport(make_usb, uri, answers_status=True)
    if scheme == "serial":
        if not parts.path:
            raise ValueError(f"{uri!r}: give the device, e.g. serial:///dev/ttyUSB0")
        options = parse_qs(parts.query)
        try:
            baudrate = int(options.get("baudrate", ["9600"])[0])
        except ValueError:
            raise ValueError(f"{uri!r}: baudrate must be a number") from None

        def make_serial() -> Any:
            from escpos.printer import Serial

            if not Serial.is_usable():
                raise PrinterError("serial printing needs pyserial: pip install 'cherga[serial]'")
            return Serial(devfile=parts.path, baudrate=baudrate)

        return EscposTransport(make_serial, uri, answers_status=True)
    if scheme == "cups":
        if not parts.netloc:
            raise ValueError(f"{uri!r}: give the CUPS queue, e.g. cups://TM-T20")

        def make_cups() -> Any:
            from escpos.printer import CupsPrinter

            if not CupsPrinter.is_usable():
                raise PrinterError("CUPS printing needs pycups: pip install pycups")
            return CupsPrinter(printer_name=parts.netloc)

        return EscposTransport(make_cups, uri)
    raise ValueError(f"{uri!r}: unknown printer URI; use tcp://, usb://, serial://, file://, cups:// or dummy://")
