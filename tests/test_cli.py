"""The command line: validate's documented exit codes, and fatal problems as one clear line."""
import subprocess
import sys

import pandas as pd
import pytest


def run(*args):
    return subprocess.run([sys.executable, "-m", "safeguarding", *args], capture_output=True, text=True)


@pytest.fixture(scope="module")
def council(tmp_path_factory):
    from safeguarding.demo.generator import generate_demo

    folder = tmp_path_factory.mktemp("cli") / "data"
    generate_demo(folder, scale=0.05, seed=3)
    return folder


def test_validate_lists_every_problem_and_exits_2_when_rows_are_changed(council, tmp_path):
    out = tmp_path / "problems.csv"
    proc = run("validate", "--input", str(council), "--out", str(out))
    assert proc.returncode == 2, proc.stderr
    problems = pd.read_csv(out)
    # the generator plants assessments authorised before they started (rule AA4-010, blanked)
    planted = problems[problems["rule"] == "AA4-010"]
    assert len(planted) and set(planted["file"]) == {"annex_a.xlsx"}
    assert planted["row"].min() >= 2 and "rows_read" in proc.stdout


def test_validate_unusable_input_is_fatal_without_traceback(tmp_path):
    (tmp_path / "annex_a.xlsx").write_text("not a workbook")
    proc = run("validate", "--input", str(tmp_path), "--out", str(tmp_path / "p.csv"))
    assert proc.returncode == 3
    assert proc.stderr.startswith("error: ") and "annex_a.xlsx" in proc.stderr and "Traceback" not in proc.stderr


def test_bad_period_and_bad_params_are_fatal(tmp_path):
    params = tmp_path / "p.yaml"
    params.write_text("council: {la_code: 209}\n")
    proc = run("run", "--params", str(params), "--period", "2018-19")
    assert proc.returncode == 3 and "la_code" in proc.stderr and "Traceback" not in proc.stderr
    params.write_text("council: {name: X}\n")
    proc = run("run", "--params", str(params), "--period", "July 2018")
    assert proc.returncode == 3 and "cannot read period" in proc.stderr


def test_validate_info_findings_alone_exit_0(tmp_path):
    """A clean List 1 plus a List 9 sheet (care leavers, outside the report's scope): the only
    finding is the info "List 9 is outside the report's scope", which is not a problem."""
    from tests.inputs.inputs_testkit import L1, d, workbook

    folder = tmp_path / "data"
    folder.mkdir()
    workbook(folder / "annex_a.xlsx", {
        "List 1": [L1, ["C1001", "b) Female", "a) WBRI", d(2010, 3, 4), 8, d(2018, 6, 1), "1A"],
                   ["C1002", "a) Male", "n) BCRB", d(2012, 7, 9), 5, d(2018, 6, 4), "5B"]],
        "List 9": [["Child Unique ID", "Allocated Personal Advisor"], ["C2001", "PA Smith"]],
    })
    out = tmp_path / "problems.csv"
    proc = run("validate", "--input", str(folder), "--out", str(out))
    problems = pd.read_csv(out)
    assert set(problems["severity"]) == {"info"}, problems
    assert "List 9 is outside the report's scope; ignored" in set(problems["message"])
    assert proc.returncode == 0, proc.stdout


def test_validate_exit_code_counts_warnings_and_errors_only():
    from safeguarding.quality import FINDING_COLUMNS, validate_exit_code

    def findings(*rows):
        return pd.DataFrame([dict(zip(["rule", "severity", "action"], r)) for r in rows],
                            columns=FINDING_COLUMNS)

    assert validate_exit_code(findings()) == 0
    assert validate_exit_code(findings(("READ-SHEET", "info", "report"),
                                       ("HIST-001", "info", "drop"))) == 0
    assert validate_exit_code(findings(("READ-SHEET", "info", "report"),
                                       ("AA7-011", "warning", "report"))) == 1
    assert validate_exit_code(findings(("AA4-010", "warning", "blank"))) == 2
    assert validate_exit_code(findings(("READ-COL-UNKNOWN", "warning", "report"))) == 2


def test_run_with_an_unknown_section_is_one_clear_message(tmp_path):
    params = tmp_path / "p.yaml"
    params.write_text(f"council: {{name: Test, short_name: test}}\ninputs: {{folder: '{tmp_path}'}}\n"
                      "period: '2018-07..2018-12'\n", encoding="utf-8")
    proc = run("run", "--params", str(params), "--sections", "front_door,mash", "--output-root", str(tmp_path / "out"))
    assert proc.returncode == 3
    assert "unknown section(s) mash" in proc.stderr and "front_door" in proc.stderr
    assert "Traceback" not in proc.stderr and not (tmp_path / "out").exists()


def test_demo_render_replaces_only_a_demo_councils_folder(tmp_path):
    # `demo --render` regenerates its input folder: a council's own data there is never deleted
    data = tmp_path / "inp"
    data.mkdir()
    (data / "lado_allegations.csv").write_text("real,data\n", encoding="utf-8")
    params = tmp_path / "p.yaml"
    params.write_text("council: {name: X, short_name: x}\ninputs: {folder: inp}\nperiod: '2018-07..2018-12'\n",
                      encoding="utf-8")
    proc = run("demo", "--render", "--params", str(params))
    assert proc.returncode == 3 and "Traceback" not in proc.stderr
    assert proc.stderr.startswith("error: ") and "did not write" in proc.stderr
    assert (data / "lado_allegations.csv").read_text(encoding="utf-8") == "real,data\n"


def test_demo_render_writes_the_demo_and_its_report(tmp_path):
    params = tmp_path / "p.yaml"
    params.write_text("council: {name: Tiny, short_name: tiny}\ninputs: {folder: data}\n"
                      "period: '2018-07..2018-12'\nreport: {date: extract}\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "safeguarding", "demo", "--render", "--params", str(params),
                           "--scale", "0.02", "--no-pdf", "--output-root", str(tmp_path / "out")],
                          capture_output=True, text=True, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert (tmp_path / "data" / "manifest.yaml").exists()
    assert (tmp_path / "out" / "tiny" / "2018-07_2018-12" / "index.html").exists()


def test_test_command_passes_pytest_arguments_and_its_exit_code():
    passing = run("test", "--", "tests/test_environment.py", "-q", "-p", "no:cacheprovider")
    assert passing.returncode == 0, passing.stdout[-2000:]
    failing = run("test", "--", "tests/test_environment.py", "-k", "no_such_test", "-q", "-p", "no:cacheprovider")
    assert failing.returncode == 5  # pytest: no tests collected
