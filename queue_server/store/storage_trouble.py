"""Tells a database that cannot write now (a full disk, a read-only file, an I/O error) from a bug.

Such a failure is the machine's, not the program's nor the client's: the
answer is 503 with a code that says which, and `Retry-After`, because it
passes by itself once there is room again (the transaction was rolled back,
nothing half done was kept). The log gets one line per refused request, not
a traceback: a traceback per write on a full disk buried the one line that
mattered. Anything else stays a bug (500 with its traceback).
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

DATABASE_ERROR = sa.exc.DBAPIError  # what the engine raises for any refusal of the driver

# SQLite's primary result codes (the low byte of the extended code)
SQLITE_BUSY = 5
SQLITE_READONLY = 8
SQLITE_IOERR = 10
SQLITE_FULL = 13
SQLITE_CANTOPEN = 14


@dataclass(frozen=True)
class StorageTrouble:
    code: str
    message: str
    retry_after: int  # seconds


FULL = StorageTrouble("storage_full", "the server's disk is full: nothing was saved; try again in a minute", 60)
READ_ONLY = StorageTrouble("storage_read_only", "the server's database cannot be written now: nothing was saved; try again later", 60)
FAILED = StorageTrouble("storage_error", "the server's disk failed to read or write: nothing was saved; try again later", 60)
BUSY = StorageTrouble("storage_busy", "the server's database is busy: nothing was saved; try again in a few seconds", 5)

SQLITE_TROUBLES = {
    SQLITE_FULL: FULL,
    SQLITE_READONLY: READ_ONLY,
    SQLITE_IOERR: FAILED,
    SQLITE_CANTOPEN: FAILED,
    SQLITE_BUSY: BUSY,
}
POSTGRESQL_TROUBLES = {
    "53100": FULL,  # disk_full
    "25006": READ_ONLY,  # read_only_sql_transaction (a standby, or default_transaction_read_only)
    "58030": FAILED,  # io_error
    "53300": BUSY,  # too_many_connections
    "55P03": BUSY,  # lock_not_available
}


def storage_trouble(error: BaseException) -> StorageTrouble | None:
    """The trouble behind a driver's error, or None when it is not the storage's (a bug)."""
    driver_error = getattr(error, "orig", None) or error
    sqlite_code = getattr(driver_error, "sqlite_errorcode", None)
    if isinstance(sqlite_code, int):
        return SQLITE_TROUBLES.get(sqlite_code & 0xFF)
    sqlstate = getattr(driver_error, "sqlstate", None) or getattr(driver_error, "pgcode", None)
    if isinstance(sqlstate, str):
        return POSTGRESQL_TROUBLES.get(sqlstate)
    return None


def detail(error: BaseException) -> str:
    """The driver's own words, on one line, for the log."""
    driver_error = getattr(error, "orig", None) or error
    text = str(driver_error).strip()
    return text.splitlines()[0] if text else type(driver_error).__name__
