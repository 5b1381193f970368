"""A link between an office node and its centre that a test can cut: a TCP relay on 127.0.0.1.

The node is paired with the relay's address; `cut()` closes every open
connection and refuses new ones (the node sees "connection refused" or a
reset mid-request, as with a cut fibre), `mend()` lets them through again,
and `flap()` cuts and mends on a rhythm while events flow.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time


class CutLink:
    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self._listener = socket.socket()
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(64)
        self.port = int(self._listener.getsockname()[1])
        self._open: set[socket.socket] = set()
        self._lock = threading.Lock()
        self._up = True
        self._stopped = False
        self._flapping: threading.Thread | None = None
        self.cuts = 0
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def cut(self) -> None:
        with self._lock:
            self._up = False
            self.cuts += 1
            for sock in self._open:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()
            self._open.clear()

    def mend(self) -> None:
        with self._lock:
            self._up = True

    def flap(self, up_seconds: float, down_seconds: float) -> None:
        """Cut and mend on a rhythm until `mend_for_good`."""
        def rhythm() -> None:
            while self._flapping is not None:
                time.sleep(up_seconds)
                self.cut()
                time.sleep(down_seconds)
                self.mend()

        self._flapping = threading.Thread(target=rhythm, daemon=True)
        self._flapping.start()

    def mend_for_good(self) -> None:
        flapping, self._flapping = self._flapping, None
        if flapping is not None:
            flapping.join()
        self.mend()

    def close(self) -> None:
        self._stopped = True
        self.mend_for_good()
        self.cut()
        self._listener.close()

    def _accept(self) -> None:
        while not self._stopped:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            with self._lock:
                if not self._up or self._stopped:
                    client.close()
                    continue
            try:
                server = socket.create_connection(("127.0.0.1", self.target_port), timeout=5)
            except OSError:  # the centre itself is stopped
                client.close()
                continue
            with self._lock:
                self._open.update((client, server))
            for source, sink in ((client, server), (server, client)):
                threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    def _pipe(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while chunk := source.recv(65536):
                sink.sendall(chunk)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()
            with self._lock:
                self._open.discard(source)
                self._open.discard(sink)
