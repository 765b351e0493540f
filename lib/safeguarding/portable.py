"""The few operating-system calls that differ between Linux, macOS and Windows, in one place.

Council analysts mostly work on managed Windows laptops; the runner and the notebook fixture need
a lock file, a "is that process still running?" check and a way to end a kernel. Everything else
in the package uses pathlib and the standard library's portable calls.
"""
from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def exclusive_lock(path: Path):
    """Hold an exclusive lock on ``path`` (created if absent) for the block; another process
    asking for the same lock waits. The lock goes with the process if it dies."""
    path = Path(path)
    with open(path, "a+b") as handle:
        if sys.platform == "win32":
            import msvcrt

            handle.seek(0)
            while True:  # LK_LOCK retries for ~10 s and then raises: keep waiting like flock
                try:
                    msvcrt.locking(handle.fileno(), msvcrt.LK_LOCK, 1)
                    break
                except OSError:
                    continue
            try:
                yield
            finally:
                handle.seek(0)
                msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)


def process_alive(pid: int) -> bool:
    """Whether a process with this id is running. (On Windows ``os.kill(pid, 0)`` would end it.)"""
    if sys.platform == "win32":
        import psutil  # installed with ipykernel

        return psutil.pid_exists(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True


def kill_process(pid: int) -> None:
    """End ``pid`` at once (SIGKILL; TerminateProcess on Windows); gone already is fine."""
    import signal

    try:
        os.kill(pid, getattr(signal, "SIGKILL", signal.SIGTERM))
    except (ProcessLookupError, PermissionError, OSError):
        pass
