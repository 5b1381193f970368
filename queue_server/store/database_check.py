"""Checks a database before the server trusts it, so a bad one stops the start with one clear line.

A server that starts on the wrong file hurts more than one that refuses: a
mistyped SQLite path used to become a new, empty database (every kiosk then
got 401), and a file with damaged pages served and issued tickets until a
page it needed could not be read. So `cherga serve` asks for the file to
exist (unless told to create it), to be a SQLite database that this process
may write, and to pass SQLite's own check of its pages: `quick_check` by
default (it reads every page once, without cross-checking indexes against
tables), `integrity_check` on request, or none.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import sqlalchemy as sa

from .engine import sqlite_path

CHECKS = ("quick", "full", "off")
SQLITE_HEADER = b"SQLite format 3\x00"


class DatabaseUnusable(Exception):
    """The database cannot be used as it is; the message says why in one line."""


def one_line(error: BaseException) -> str:
    """The first line of a driver's message (PostgreSQL's run over several)."""
    text = str(getattr(error, "orig", None) or error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def prepare_database(url: str, *, create: bool, check: str = "quick") -> None:
    """Refuse a SQLite database that is missing (unless `create`), not a database, unwritable or damaged.

    Other databases (PostgreSQL) are checked by connecting: `open_context`
    turns a refusal into `DatabaseUnusable`.
    """
    if check not in CHECKS:
        raise DatabaseUnusable(f"unknown database check {check!r}: expected one of {', '.join(CHECKS)}")
    path = sqlite_path(url)
    if path is None:
        return
    if path.is_dir():
        raise DatabaseUnusable(f"the database {path} is a folder, not a SQLite file")
    if not path.exists():
        if not create:
            raise DatabaseUnusable(
                f"there is no database at {path}: check the path, "
                "or give --create-database (CHERGA_CREATE_DATABASE=true) to start a new, empty one"
            )
        _check_folder_writable(path.parent if path.parent.exists() else _existing_parent(path))
        return
    _check_writable(path)
    _check_header(path)
    if check != "off":
        _check_pages(path, "integrity_check" if check == "full" else "quick_check")


def _existing_parent(path: Path) -> Path:
    folder = path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    return folder


def _check_folder_writable(folder: Path) -> None:
    # SQLite keeps its write-ahead log and shared memory beside the file
    if not os.access(folder, os.W_OK | os.X_OK):
        raise DatabaseUnusable(f"the database's folder {folder} is not writable by this process (or is on a read-only mount)")


def _check_writable(path: Path) -> None:
    if not os.access(path, os.R_OK | os.W_OK):
        raise DatabaseUnusable(f"the database {path} is not writable by this process (or is on a read-only mount)")
    _check_folder_writable(path.parent)


def _check_header(path: Path) -> None:
    size = path.stat().st_size
    if size == 0:
        return  # SQLite takes an empty file as an empty database
    with open(path, "rb") as handle:
        header = handle.read(100)
    if not header.startswith(SQLITE_HEADER):
        raise DatabaseUnusable(f"the file {path} is not a SQLite database")
    page_size = int.from_bytes(header[16:18], "big") if len(header) >= 18 else 0
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    counted = header[24:28] == header[92:96]  # SQLite's rule for trusting the page count of the header
    if len(header) < 100 or page_size < 512 or size % page_size or (counted and size < pages * page_size):
        raise DatabaseUnusable(f"the database {path} is truncated ({size} bytes): restore it from a backup")


def _check_pages(path: Path, pragma: str) -> None:
    try:
        connection = sqlite3.connect(f"file:{path}?mode=rw", uri=True, timeout=30)
    except sqlite3.Error as error:
        raise DatabaseUnusable(f"the database {path} cannot be opened: {error}") from None
    try:
        rows = [row[0] for row in connection.execute(f"PRAGMA {pragma}")]
    except sqlite3.DatabaseError as error:
        raise DatabaseUnusable(f"the database {path} is damaged ({error}): restore it from a backup") from None
    finally:
        connection.close()
    if rows != ["ok"]:
        more = " and more problems" if len(rows) > 1 else ""
        raise DatabaseUnusable(
            f"the database {path} is damaged ({pragma}: {rows[0]}{more}): restore it from a backup"
        )


def describe_failure(url: str, error: sa.exc.SQLAlchemyError | sqlite3.Error | OSError) -> DatabaseUnusable:
    """A driver's refusal to open or upgrade the database, as one line."""
    where = sqlite_path(url) or sa.engine.make_url(url).render_as_string(hide_password=True)
    return DatabaseUnusable(f"the database {where} cannot be used: {one_line(error)}")
