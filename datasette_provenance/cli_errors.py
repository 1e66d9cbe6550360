"""Database errors of any `datasette provenance` command as one line naming the file.

A command given a file that is not SQLite, a read-only or locked database, a path in a
directory that does not exist, another tool's database with its own `articles` table, or
(for the commands that change a provenance database) a SQLite file the plugin did not make gets `Error: <path>: <what is wrong>` and exit status 1 instead of a traceback. Each
command's writes are transactions (store.py), so whatever failed was not half stored.
"""
from __future__ import annotations

import functools
import os
import sqlite3
import tempfile

import click

from .store import ForeignTableError, NotProvenanceError


def database_error(db_path, error: Exception) -> str:
    """What went wrong with ``db_path``, in words a user can act on."""
    said = str(error)
    if isinstance(error, (ForeignTableError, NotProvenanceError)):
        return f"{db_path}: {said}"
    if "file is not a database" in said:
        return f"{db_path} is not a SQLite database ({said})"
    if "disk is full" in said:
        return (f"{db_path}: the disk is full ({said}); stopped. Every article stored is whole: "
                "free space and run the same command again (stored articles are skipped)")
    if "readonly" in said:
        return f"{db_path} is read-only: cannot write to it or beside it ({said})"
    if "unable to open database file" in said:
        directory = os.path.dirname(os.path.abspath(db_path))
        if not os.path.isdir(directory):
            return f"{db_path}: cannot create the database: directory {directory} does not exist"
        if not writable_directory(directory):
            name = os.path.basename(db_path)
            return (f"{db_path}: cannot open it: its directory {directory} is read-only, and SQLite "
                    f"must create {name}-wal and {name}-shm beside a WAL database even to read it "
                    "(copy the file to a writable directory)")
        return f"{db_path}: cannot open the database file ({said})"
    if "locked" in said or "busy" in said:
        return f"{db_path} is locked by another writer ({said}); try again when it has finished"
    return f"{db_path}: {said}"


def writable_directory(directory: str) -> bool:
    """Whether a file can be made in ``directory`` (tried: permission bits do not tell root
    about a read-only mount or an immutable directory)."""
    try:
        with tempfile.TemporaryFile(dir=directory):
            return True
    except OSError:
        return False


def _guarded(callback):
    @functools.wraps(callback)
    def run(*args, **kwargs):
        db_path = kwargs.get("db_path")
        if db_path is None:
            return callback(*args, **kwargs)
        try:
            return callback(*args, **kwargs)
        except (sqlite3.Error, ForeignTableError, NotProvenanceError) as e:
            raise click.ClickException(database_error(db_path, e))
    return run


def guard(group: click.Group) -> None:
    """Wrap every command of ``group`` (and of its subgroups) that takes a DB_PATH."""
    for command in group.commands.values():
        if isinstance(command, click.Group):
            guard(command)
        elif command.callback is not None and not getattr(command.callback, "_db_guarded", False):
            command.callback = _guarded(command.callback)
            command.callback._db_guarded = True
