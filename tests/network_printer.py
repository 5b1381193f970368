"""A network printer on 127.0.0.1: a real TCP socket that keeps what it receives
and answers ESC/POS real-time status questions (DLE EOT n) like a thermal printer."""

from __future__ import annotations

import socket
import threading
from dataclasses import dataclass, field

READY = {1: 0x12, 2: 0x12, 4: 0x12}  # the fixed bits only: all well
PAPER_OUT = {1: 0x12 | 0x08, 2: 0x12 | 0x20, 4: 0x12 | 0x60}
COVER_OPEN = {1: 0x12 | 0x08, 2: 0x12 | 0x04, 4: 0x12}


@dataclass
class NetworkPrinter:
    status: dict[int, int] = field(default_factory=lambda: dict(READY))
    received: bytearray = field(default_factory=bytearray)
    jobs: int = 0
    port: int = 0  # 0: any free port; a given one brings "the same printer" back

    def __post_init__(self) -> None:
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", self.port))
        self.listener.listen(8)
        self.port = self.listener.getsockname()[1]
        self.lock = threading.Lock()
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    @property
    def uri(self) -> str:
        return f"tcp://127.0.0.1:{self.port}"

    def _serve(self) -> None:
        self.listener.settimeout(0.2)
        while not self.stopped.is_set():
            try:
                connection, _ = self.listener.accept()
            except (TimeoutError, OSError):
                continue
            with connection:
                connection.settimeout(2)
                data = bytearray()
                while True:
                    try:
                        chunk = connection.recv(65536)
                    except (TimeoutError, OSError):
                        break
                    if not chunk:
                        break
                    data += chunk
                    while data[:2] == b"\x10\x04" and len(data) >= 3:  # a status question
                        connection.sendall(bytes([self.status[data[2]]]))
                        del data[:3]
                if data:
                    with self.lock:
                        self.received += data
                        self.jobs += 1

    def close(self) -> None:
        self.stopped.set()
        self.thread.join(timeout=2)
        self.listener.close()
