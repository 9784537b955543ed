"""One run per output folder: a lock file refuses a second concurrent run."""

from __future__ import annotations

import os
from pathlib import Path
from types import TracebackType

from framing.errors import ConcurrentRunError

LOCK_FILE = ".framing.lock"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class OutputLock:
    """Context manager holding ``<folder>/.framing.lock`` for the length of a run.

    A lock left by a process that no longer exists (a crash, a killed run) is
    taken over, so an interrupted run can always be re-run.
    """

    def __init__(self, folder: Path) -> None:
        self.path = Path(folder) / LOCK_FILE

    def __enter__(self) -> OutputLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        for _ in range(2):
            try:
                fd = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
            except FileExistsError:
                if self._holder_alive():
                    raise ConcurrentRunError(
                        "another framing run is writing to this folder",
                        path=self.path.parent,
                        hint=f"wait for it to finish, or delete {self.path} if it is stale",
                    ) from None
                self.path.unlink(missing_ok=True)
                continue
            with os.fdopen(fd, "w") as handle:
                handle.write(str(os.getpid()))
            return self
        raise ConcurrentRunError("could not take the output lock", path=self.path)

    def _holder_alive(self) -> bool:
        try:
            pid = int(self.path.read_text().strip() or 0)
        except (OSError, ValueError):
            return False
        return pid > 0 and pid != os.getpid() and _alive(pid)

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.path.unlink(missing_ok=True)
