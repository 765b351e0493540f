"""Portability of the library to Windows and macOS, checked on its source (CI runs on Linux).

The operating-system calls that differ live in ``safeguarding.portable``; everywhere else text
files are read and written as UTF-8 (Windows' default code page would corrupt names with
accents), nothing runs through a shell, and no POSIX-only module or signal is used.
"""
import ast
from pathlib import Path

import pytest

from safeguarding.portable import exclusive_lock, process_alive

LIB = Path(__file__).resolve().parents[1] / "lib" / "safeguarding"
POSIX_ONLY_MODULES = {"fcntl", "pwd", "grp", "termios", "resource"}
POSIX_ONLY_NAMES = {"SIGKILL", "SIGHUP", "SIGUSR1", "SIGUSR2", "fork", "getuid", "getpgid", "killpg"}


def _sources():
    for path in sorted(LIB.rglob("*.py")):
        if path.name != "portable.py":
            yield path, ast.parse(path.read_text(encoding="utf-8"))


def _keywords(call: ast.Call) -> set:
    return {k.arg for k in call.keywords}


def _problems(path: Path, tree: ast.AST) -> list[str]:
    out = []
    for node in ast.walk(tree):
        where = f"{path.relative_to(LIB)}:{getattr(node, 'lineno', '?')}"
        if isinstance(node, ast.Import | ast.ImportFrom):
            names = {a.name.split(".")[0] for a in node.names} | {(getattr(node, "module", None) or "").split(".")[0]}
            if names & POSIX_ONLY_MODULES:
                out.append(f"{where}: imports {sorted(names & POSIX_ONLY_MODULES)} (use safeguarding.portable)")
        elif isinstance(node, ast.Attribute) and node.attr in POSIX_ONLY_NAMES:
            out.append(f"{where}: {node.attr} does not exist on Windows (use safeguarding.portable)")
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in ("read_text", "write_text") and "encoding" not in _keywords(node):
                out.append(f"{where}: {name}() without encoding=")
            elif name == "open" and isinstance(func, ast.Name) and "encoding" not in _keywords(node):
                mode = node.args[1] if len(node.args) > 1 else next(
                    (k.value for k in node.keywords if k.arg == "mode"), None)
                if not (isinstance(mode, ast.Constant) and "b" in str(mode.value)):
                    out.append(f"{where}: open() in text mode without encoding=")
            elif name == "kill" and isinstance(func, ast.Attribute) and getattr(func.value, "id", "") == "os":
                out.append(f"{where}: os.kill (on Windows it ends the process; use safeguarding.portable)")
            if any(k.arg == "shell" and getattr(k.value, "value", False) for k in node.keywords):
                out.append(f"{where}: shell=True (the command would need a POSIX shell)")
    return out


def test_library_source_is_portable():
    problems = [p for path, tree in _sources() for p in _problems(path, tree)]
    assert not problems, "\n".join(problems)


def test_the_checker_finds_what_it_looks_for(tmp_path):
    bad = ast.parse("import fcntl\nimport os, signal\nopen('x')\nPath('y').read_text()\n"
                    "os.kill(1, 0)\nsignal.SIGKILL\nsubprocess.run('ls', shell=True)\n")
    found = _problems(LIB / "bad.py", bad)
    assert len(found) == 6, found


def test_lock_is_exclusive_and_released(tmp_path):
    lock = tmp_path / "x.lock"
    with exclusive_lock(lock):
        assert lock.exists()
    with exclusive_lock(lock):  # released: taken again at once
        pass


def test_process_alive():
    import os
    import subprocess
    import sys

    assert process_alive(os.getpid())
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    pid = int(done.stdout)
    if process_alive(pid):  # the id was given to another process meanwhile: nothing to learn
        pytest.skip("process id reused")
