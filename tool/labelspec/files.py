"""Writing files so that an interrupted run never leaves half a file behind."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import IO

from labelspec.errors import InputError

BUFFER = 1 << 20


def umask() -> int:
    """The process's umask (reading it means setting it, so it is set back)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


class AtomicFile:
    """A binary file written beside ``path`` and renamed over it on :meth:`commit`.

    The result gets the mode the file had, or the usual mode of a new file (the
    temporary file itself is private to the user until then).
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        except OSError as error:
            raise InputError(f"{path}: cannot write: {error.strerror}") from None
        self.temporary = Path(temporary)
        self.stream: IO[bytes] = os.fdopen(handle, "wb", buffering=BUFFER)
        self.write = self.stream.write

    def commit(self) -> None:
        self.stream.close()
        try:
            mode = self.path.stat().st_mode & 0o7777
        except FileNotFoundError:
            mode = 0o666 & ~umask()
        os.chmod(self.temporary, mode)
        os.replace(self.temporary, self.path)

    def discard(self) -> None:
        self.stream.close()
        self.temporary.unlink(missing_ok=True)


def write_atomic(path: str | Path, text: str) -> None:
    """Write ``text`` (UTF-8, ``\\n`` line ends) to ``path`` through :class:`AtomicFile`."""
    target = AtomicFile(Path(path))
    try:
        target.write(text.encode("utf-8"))
        target.commit()
    except BaseException:
        target.discard()
        raise
