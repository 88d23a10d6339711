"""Files that hold stakeholder data are readable by their owner only.

Stakeholder data is personal data: the store, its write-ahead log, the token database and
exports are created ``0600`` (folders ``0700``). The command line and the server set the
process umask once at start (:func:`keep_files_private`), which also covers files an engine
creates later (Ladybug re-creates its ``.wal`` after a checkpoint); a library caller gets
the store and token files restricted when they are opened.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

PRIVATE_UMASK = 0o077
_COMPANIONS = (".wal", "-wal", "-shm", "-journal")


def keep_files_private() -> None:
    """From now on this process creates files ``0600`` and folders ``0700``."""
    os.umask(PRIVATE_UMASK)


@contextlib.contextmanager
def private_files() -> Iterator[None]:
    """Files created inside the block are the owner's only (the umask is restored after)."""
    previous = os.umask(PRIVATE_UMASK)
    try:
        yield
    finally:
        os.umask(previous)


def restrict_to_owner(path: str | Path) -> None:
    """``chmod 0600`` a data file and the companions an engine keeps beside it."""
    path = Path(path)
    for candidate in [path, *(path.with_name(path.name + s) for s in _COMPANIONS)]:
        if candidate.is_file():
            candidate.chmod(0o600)
