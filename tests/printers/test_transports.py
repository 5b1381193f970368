"""Printer connections: real bytes to a network-printer socket on 127.0.0.1, files, URIs, status."""

from __future__ import annotations

import socket
import time

import pytest

from escpos_reader import read
from network_printer import COVER_OPEN, PAPER_OUT, NetworkPrinter
from printers.escpos_render import render
from printers.layout import layout_ticket
from printers.profiles import PROFILES
from printers.status import interpret
from printers.transports import DummyTransport, EscposTransport, FileTransport, PrinterError, TcpTransport, open_printer
from protocol.messages import PrinterState, PrintTicket
from queue_server.commands.printing import print_labels

TICKET = PrintTicket("ЦНАП «Віза»", "А001", "Реєстрація місця проживання", "24.11.2026 09:00", 0, 0, "http://127.0.0.1:8000/t/tok", print_labels("uk"))


@pytest.fixture
def printer():
    found = NetworkPrinter()
    yield found
    found.close()


def wait_for_job(printer: NetworkPrinter, jobs: int = 1) -> None:
    deadline = time.monotonic() + 5
    while printer.jobs < jobs and time.monotonic() < deadline:
        time.sleep(0.02)


def test_a_ticket_reaches_the_network_printer_byte_for_byte(printer) -> None:
    data = render(layout_ticket(TICKET, 48), PROFILES["epson-80"])
    open_printer(printer.uri).send(data)
    wait_for_job(printer)
    assert bytes(printer.received) == data
    paper = read(bytes(printer.received))
    assert "А001" in paper.lines and paper.qr_codes == [TICKET.status_url] and paper.cuts == 1


@pytest.mark.parametrize(
    ("answers", "state"),
    [(None, PrinterState.READY), (PAPER_OUT, PrinterState.PAPER_OUT), (COVER_OPEN, PrinterState.COVER_OPEN)],
)
def test_the_network_printer_reports_its_state(printer, answers, state) -> None:
    if answers:
        printer.status = dict(answers)
    report = open_printer(printer.uri).status()
    assert report.state is state
    assert report.can_print == (state is PrinterState.READY)


def test_a_printer_that_refuses_connections() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # nothing listens here once the probe is closed
    transport = open_printer(f"tcp://127.0.0.1:{port}")
    with pytest.raises(PrinterError, match="cannot reach the printer"):
        transport.send(b"\x1b@")
    assert transport.status().state is PrinterState.UNREACHABLE


def test_file_and_dummy_transports(tmp_path) -> None:
    device = tmp_path / "lp0"
    open_printer(f"file://{device}").send(b"\x1b@hello")
    assert device.read_bytes() == b"\x1b@hello"
    assert open_printer(f"file://{device}").status().state is PrinterState.UNKNOWN
    with pytest.raises(PrinterError, match="cannot write"):
        open_printer(f"file://{tmp_path}/missing/dir/lp0").send(b"x")
    dummy = open_printer("dummy://")
    dummy.send(b"abc")
    assert isinstance(dummy, DummyTransport) and dummy.printed == [b"abc"]


def test_uris_choose_the_transport() -> None:
    assert isinstance(open_printer("tcp://10.0.0.5"), TcpTransport) and open_printer("tcp://10.0.0.5").port == 9100
    assert open_printer("tcp://10.0.0.5:9101").port == 9101
    assert isinstance(open_printer("file:///dev/usb/lp0"), FileTransport)
    for uri in ("usb://04b8:0202", "serial:///dev/ttyUSB0?baudrate=19200", "cups://TM-T20"):
        assert isinstance(open_printer(uri), EscposTransport)


@pytest.mark.parametrize(
    ("uri", "words"),
    [
        ("lpt://1", "unknown printer URI"),
        ("tcp://", "needs a host"),
        ("tcp://10.0.0.5:99999", "port"),
        ("usb://epson", "hex"),
        ("serial://", "device"),
        ("serial:///dev/ttyUSB0?baudrate=fast", "baudrate"),
        ("file://", "path"),
        ("cups://", "CUPS queue"),
    ],
)
def test_bad_uris_say_what_is_expected(uri, words) -> None:
    with pytest.raises(ValueError, match=words):
        open_printer(uri)


def test_a_usb_printer_without_a_device_fails_with_a_reason() -> None:
    """No USB printer exists on a build machine: the failure must be a PrinterError with a reason."""
    transport = open_printer("usb://04b8:0202")
    with pytest.raises(PrinterError, match="usb://04b8:0202"):
        transport.send(b"\x1b@")


def test_status_bytes() -> None:
    assert interpret(0x12, 0x12, 0x12 | 0x0C).state is PrinterState.PAPER_LOW
    assert interpret(0x12 | 0x08, 0x12, 0x12).state is PrinterState.OFFLINE
    assert interpret(0xFF, 0x12, 0x12).state is PrinterState.UNKNOWN
