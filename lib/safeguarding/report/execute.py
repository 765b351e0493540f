"""Execute section notebooks in a few reused kernels (papermill-compatible).

Each section is still its own parameterised notebook: papermill's own ``parameterize_notebook``
injects the parameters after the ``parameters`` cell, exactly as ``papermill.execute_notebook``
does, and the executed copy is saved under ``restricted/notebooks/`` for anyone to open. What
changes is the kernel: instead of one new kernel per notebook (start-up plus pandas, matplotlib
and the library imported eleven times, the larger part of a run's CPU), each worker thread starts
one kernel, imports the library once while ``prepare`` is still running, and runs its share of the
notebooks in it, clearing the user namespace between notebooks (``notebook.clear_user_namespace``;
imported modules stay, which is the point).

A notebook that raises is reported as failed (``ename: evalue``) with its outputs so far; a kernel
that dies is replaced for the next notebook. ``stop()`` kills the kernels at once (Ctrl-C,
SIGTERM) so no worker is left running a notebook after the run has given up.

A kernel has to answer within ``startup_timeout()``: nbclient's 60 s on an idle machine, longer
in proportion to the load per core (a shared machine under load took over a minute to start
one), and a kernel that still does not answer is started once more with twice the wait before
its notebooks are reported failed.
"""
from __future__ import annotations

import math
import os
import queue
import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path

import nbformat

from ..portable import kill_process

# Paid once per kernel, while prepare runs in the parent. Then the garbage collector leaves the
# imported modules alone (gc.freeze) and runs every 10,000 new objects, not 700: the charts make
# many short-lived ones, and each full collection walked every module again (about 0.2 s of the
# kernels' CPU on the demo). These kernels run the report's notebooks and end with the run.
WARM_UP = ("import safeguarding.report.notebook, safeguarding.present.charts\n"
           "import gc as _gc; _gc.freeze(); _gc.set_threshold(10_000, *_gc.get_threshold()[1:]); del _gc")
# Seconds a kernel has to answer on an idle machine (nbclient's default); see startup_timeout.
STARTUP_TIMEOUT_S = 60
MAX_LOAD_FACTOR = 10


def startup_timeout(base: int = STARTUP_TIMEOUT_S) -> int:
    """The wait in whole seconds for a new kernel: ``base`` times the one-minute load average per
    core, never less than ``base`` nor more than ``MAX_LOAD_FACTOR`` times it."""
    try:
        load = os.getloadavg()[0]
    except (AttributeError, OSError):  # no load average on this system
        load = 0.0
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return math.ceil(base * min(MAX_LOAD_FACTOR, max(1.0, load / max(1, cores))))


# Between notebooks: every name the previous notebook defined goes (not ``%reset -f``, whose
# full garbage collection over the loaded data costs a quarter of a second per notebook).
RESET = "import safeguarding.report.notebook as _nb; _nb.clear_user_namespace(get_ipython())"


@dataclass
class Job:
    key: str
    source: Path
    out_path: Path
    parameters: dict


class _Kernel:
    """One kernel, owned by one thread (its event loop is that thread's)."""

    def __init__(self, timeout: int, startup: int = STARTUP_TIMEOUT_S):
        from nbclient import NotebookClient

        self.timeout = timeout
        # a kernel that does not answer within ``startup`` seconds is shut down by nbclient
        self._client = NotebookClient(nbformat.v4.new_notebook(), kernel_name="python3", timeout=timeout,
                                      startup_timeout=startup)
        self.km = self._client.create_kernel_manager()
        # the kernel's own log lines ("Parent appears to have exited") are not the user's business:
        # cell errors come back through the notebook, and a fatal run prints one clear line
        self._client.start_new_kernel(stderr=subprocess.DEVNULL)
        self.kc = self._client.start_new_kernel_client()
        self.silent(WARM_UP)

    @property
    def pid(self) -> int | None:
        provisioner = getattr(self.km, "provisioner", None)
        return getattr(provisioner, "pid", None) or getattr(getattr(provisioner, "process", None), "pid", None)

    def silent(self, code: str) -> None:
        from nbclient import NotebookClient

        cell = nbformat.v4.new_code_cell(code)
        client = NotebookClient(nbformat.v4.new_notebook(cells=[cell]), km=self.km, timeout=self.timeout)
        client.kc = self.kc
        client.execute_cell(cell, 0, store_history=False)

    def run(self, job: Job) -> tuple[bool, str]:
        from nbclient import NotebookClient
        from nbclient.exceptions import CellExecutionError
        from papermill.iorw import load_notebook_node
        from papermill.parameterize import parameterize_notebook

        nb = load_notebook_node(str(job.source))  # as papermill reads it (papermill metadata, tags)
        nb = parameterize_notebook(nb, job.parameters, kernel_name="python3")
        client = NotebookClient(nb, km=self.km, timeout=self.timeout, kernel_name="python3")
        client.kc = self.kc
        ok, error = True, ""
        self.silent(RESET)
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            try:
                client.execute_cell(cell, index)
            except CellExecutionError as exc:
                ok, error = False, f"{exc.ename}: {exc.evalue}"
                break
        job.out_path.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, str(job.out_path))
        return ok, error

    def kill(self) -> None:
        if self.pid:
            kill_process(self.pid)

    def close(self) -> None:
        try:
            from jupyter_core.utils import run_sync

            self.kc.stop_channels()

            run_sync(self.km.shutdown_kernel)(now=True)
        except Exception:  # already dead or killed by stop(): nothing left to close
            self.kill()


class KernelStartError(RuntimeError):
    """A kernel did not answer, twice."""


class KernelPool:
    """``workers`` threads, each with one reused kernel; jobs are queued after start-up."""

    def __init__(self, workers: int = 2, timeout: int = 600):
        self.timeout = timeout
        self._jobs: queue.Queue = queue.Queue()
        self._results: queue.Queue = queue.Queue()
        self._kernels: list[_Kernel] = []
        self._lock = threading.Lock()
        self._stopped = threading.Event()
        self._threads = [threading.Thread(target=self._work, daemon=True, name=f"kernel-{i}")
                         for i in range(max(1, workers))]
        for thread in self._threads:
            thread.start()

    def _new_kernel(self) -> _Kernel:
        """A started kernel; one that does not answer in time is tried once more with twice the
        wait. Raises ``KernelStartError`` when the second try fails too."""
        wait = startup_timeout()
        for attempt in (1, 2):
            try:
                kernel = _Kernel(self.timeout, startup=wait * attempt)
                break
            except Exception as exc:
                if attempt == 2 or self._stopped.is_set():
                    raise KernelStartError(
                        f"the notebook kernel did not start (tried twice, waiting {wait} s and "
                        f"{2 * wait} s; is the machine very busy?): {type(exc).__name__}: {exc}") from exc
        with self._lock:
            self._kernels.append(kernel)
            if self._stopped.is_set():
                kernel.kill()
        return kernel

    def _work(self) -> None:
        kernel, start_error = None, ""
        try:
            kernel = self._new_kernel()
        except Exception as exc:  # no kernel: every job this thread takes is reported failed
            start_error = str(exc)
        while True:
            job = self._jobs.get()
            if job is None or self._stopped.is_set():
                break
            if kernel is None:
                self._results.put((job.key, (False, start_error), None))
                continue
            try:
                self._results.put((job.key, kernel.run(job), None))
            except OSError as exc:  # the executed notebook could not be written: a run-level fault
                self._results.put((job.key, (False, str(exc)), exc))
            except Exception as exc:  # kernel died, timeout ...: reported, never fatal to the run
                self._results.put((job.key, (False, f"{type(exc).__name__}: {exc}"), None))
                if self._stopped.is_set():
                    break
                kernel.kill()
                try:
                    kernel = self._new_kernel()
                except Exception as start_exc:
                    kernel, start_error = None, str(start_exc)
        if kernel is not None:
            kernel.close()

    def run(self, jobs: list[Job], on_done=None) -> dict[str, tuple[bool, str]]:
        """Run ``jobs``; returns {key: (ok, error)}. An OSError writing an executed notebook
        (disk full, read-only) is re-raised here."""
        for job in jobs:
            self._jobs.put(job)
        results = {}
        while len(results) < len(jobs):
            key, outcome, fault = self._results.get()
            if fault is not None:
                raise fault
            results[key] = outcome
            if on_done:
                on_done(key)
        return results

    def close(self) -> None:
        for _ in self._threads:
            self._jobs.put(None)
        for thread in self._threads:
            thread.join(timeout=30)

    def stop(self) -> None:
        """Kill every kernel now (interrupted run); worker threads end on their next step."""
        self._stopped.set()
        with self._lock:
            for kernel in self._kernels:
                kernel.kill()
        for _ in self._threads:
            self._jobs.put(None)
