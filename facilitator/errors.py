"""What can go wrong with a workshop file, in terms a consultant can act on.

Every error here carries a message meant to be shown as is: one line that names
the file, the problem and, where there is one, the way out (a backup, read-only
mode). The command line prints ``str(error)``; the GUI shows it in a dialog.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from pathlib import Path


class WorkshopError(Exception):
    """Base of every expected failure; its text is the message for the user."""


class WorkshopFileError(WorkshopError):
    """The workshop file cannot be read as a workshop. The file is left untouched."""

    def __init__(
        self,
        path: Path,
        problem: str,
        backup: Path | None = None,
        *,
        salvageable: bool = False,
    ) -> None:
        self.path = path
        self.problem = problem
        self.backup = backup
        self.salvageable = salvageable
        """What still reads can be copied into a new workshop (``check --salvage``)."""
        super().__init__(self._message())

    def with_backup(self, backup: Path | None) -> WorkshopFileError:
        """The same error, naming the newest valid backup found for the file."""
        self.backup = backup
        self.args = (self._message(),)
        return self

    def for_the_command_line(self) -> str:
        """The message with the command that salvages the file, where that is the way out."""
        return self._message(salvage=f"facilitator check --salvage {shlex.quote(str(self.path))}")

    def _message(self, *, salvage: str = "") -> str:
        text = f"cannot open {self.path}: {self.problem}. The file was not changed."
        if self.salvageable:
            how = f": {salvage}" if salvage else ""
            text += f" Everything that still reads can be salvaged into a copy{how}."
        if self.backup is not None:
            text += f" Newest valid backup: {self.backup}"
        else:
            text += " No backup of it was found."
        return text


class NewerVersionError(WorkshopFileError):
    """The file was written by a newer version of the app; it is not touched."""

    def __init__(self, path: Path, file_version: int, app_version: int) -> None:
        self.file_version = file_version
        self.app_version = app_version
        super().__init__(
            path,
            f"it was written by a newer version of Facilitator (file format "
            f"{file_version}, this app reads up to {app_version}); please update the app",
        )

    def _message(self, *, salvage: str = "") -> str:
        return f"cannot open {self.path}: {self.problem}. The file was not changed."


@dataclass(frozen=True)
class LockOwner:
    """Who holds a workshop open for writing."""

    user: str
    host: str
    pid: int
    since: str = ""

    def describe(self) -> str:
        return f"{self.user} on {self.host} (pid {self.pid})"


class WorkshopLockedError(WorkshopError):
    """Another window or machine has the workshop open; it may be opened read-only."""

    def __init__(self, path: Path, owner: LockOwner | None, detail: str = "") -> None:
        self.path = path
        self.owner = owner
        self.detail = detail
        if detail:  # not in use, but it cannot be locked (read-only folder, no locking)
            self.fact = f"{path} cannot be opened for editing: {detail}"
        else:
            who = owner.describe() if owner else "another program"
            self.fact = f"{path} is in use by {who}"
        super().__init__(self.fact + "; it can be opened read-only")

    def for_a_change(self) -> str:
        """The message for a command that came to change the workshop, for which
        opening it read-only is no way out."""
        if self.detail:
            return self.fact + "; nothing was changed"
        return self.fact + "; close it there first, then run this again"


class FileReadOnlyError(WorkshopError):
    """The workshop file itself is marked read-only, or lies on a disk mounted
    read-only; it may be opened read-only."""

    def __init__(self, path: Path, *, read_only_disk: bool = False) -> None:
        self.path = path
        self.read_only_disk = read_only_disk
        self.fact = (
            f"{path} is on a disk or share that is read-only"
            if read_only_disk
            else f"{path} is marked read-only (its permissions)"
        )
        super().__init__(self.fact + "; it can be opened read-only")

    def for_a_change(self) -> str:
        if self.read_only_disk:  # its permissions are fine: making it writable does nothing
            return (
                self.fact
                + ", so nothing was changed; copy it to a folder you can write to, to change it"
            )
        return self.fact + ", so nothing was changed; make it writable first to change it"


class SaveFailedError(WorkshopError):
    """A change is kept in memory but is not on disk yet (disk full, folder read-only)."""


class ReadOnlyError(WorkshopError):
    """The workshop was opened read-only; nothing can be changed."""


class RecordNotFoundError(WorkshopError, KeyError):
    """No record has the id that was given."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "record not found"


_SHOWN_PATH_CHARS = 200


def shown_path(path: Path | str) -> str:
    """*path* for a one-line message: control characters (a newline in a file name) and
    stray bytes escaped, and no longer than a line — the name may be anyone's choice."""
    text = "".join(
        ch if ch.isprintable() else ch.encode("unicode_escape", "backslashreplace").decode()
        for ch in str(path)
    )
    if len(text) > _SHOWN_PATH_CHARS:
        half = _SHOWN_PATH_CHARS // 2
        text = text[:half] + "…" + text[-half:]
    return text
