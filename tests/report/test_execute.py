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
