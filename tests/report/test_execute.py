"""The reused kernels: each notebook starts with an empty namespace, as in a fresh kernel."""
import nbformat

from safeguarding.report.execute import Job, KernelPool


def _notebook(path, *sources):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, str(path))
    return path


def test_a_notebook_never_sees_the_names_of_the_one_before(tmp_path):
    first = _notebook(tmp_path / "first.ipynb", "leftover = 1\nimport json as leftover_module", "leftover")
    second = _notebook(tmp_path / "second.ipynb",
                       "assert 'leftover' not in globals() and 'leftover_module' not in globals()\n"
                       "assert not Out, Out",  # the output cache is empty too
                       "import sys\nassert 'safeguarding.report.notebook' in sys.modules  # imports stay")
    pool = KernelPool(workers=1)
    try:
        jobs = [Job("first", first, tmp_path / "out" / "first.ipynb", {}),
                Job("second", second, tmp_path / "out" / "second.ipynb", {})]
        first_result = pool.run(jobs[:1])
        second_result = pool.run(jobs[1:])
    finally:
        pool.close()
    assert first_result == {"first": (True, "")}
    assert second_result == {"second": (True, "")}


def test_the_wait_for_a_kernel_grows_with_the_load_per_core(monkeypatch):
    from safeguarding.report import execute

    monkeypatch.setattr(execute.os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    for load, wait in [(0.3, 60), (2.0, 60), (5.0, 150), (9.1, 273), (500.0, 600)]:
        monkeypatch.setattr(execute.os, "getloadavg", lambda load=load: (load, load, load))
        assert execute.startup_timeout() == wait, load


class _SlowKernel:
    """Stands in for ``_Kernel``: the first ``fails`` starts time out, as under heavy load."""
    starts: list = []
    fails = 1

    def __init__(self, timeout, startup):
        type(self).starts.append(startup)
        if len(type(self).starts) <= type(self).fails:
            raise RuntimeError(f"Kernel didn't respond in {startup} seconds")

    def run(self, job):
        return True, ""

    def kill(self):
        pass

    def close(self):
        pass


def _run_with_slow_kernels(monkeypatch, tmp_path, fails: int) -> tuple[bool, str]:
    """One job in a pool whose first ``fails`` kernel starts time out (the wait is 90 s)."""
    from safeguarding.report import execute

    monkeypatch.setattr(execute, "startup_timeout", lambda: 90)
    monkeypatch.setattr(_SlowKernel, "starts", [])
    monkeypatch.setattr(_SlowKernel, "fails", fails)
    monkeypatch.setattr(execute, "_Kernel", _SlowKernel)
    pool = KernelPool(workers=1)
    try:
        return pool.run([Job("cp", tmp_path / "a.ipynb", tmp_path / "out.ipynb", {})])["cp"]
    finally:
        pool.close()


def test_a_kernel_that_does_not_answer_is_started_once_more_with_twice_the_wait(monkeypatch, tmp_path):
    assert _run_with_slow_kernels(monkeypatch, tmp_path, fails=1) == (True, "")
    assert _SlowKernel.starts == [90, 180]


def test_a_kernel_that_never_answers_fails_its_sections_with_what_happened(monkeypatch, tmp_path):
    ok, error = _run_with_slow_kernels(monkeypatch, tmp_path, fails=2)
    assert not ok
    assert error.startswith("the notebook kernel did not start (tried twice, waiting 90 s and 180 s")
    assert "Kernel didn't respond in 180 seconds" in error
