"""scripts/benchmark.py rewrites only the blocks it measured in docs/benchmarks-results.md."""
import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _script():
    spec = importlib.util.spec_from_file_location("benchmark_script", ROOT / "scripts" / "benchmark.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


RATIO = {"report_cpu_s": 23.7, "floor_cpu_s": 16.4, "ratio_cpu": 1.45, "report_wall_s": 16.7, "floor_wall_s": 12.2,
         "ratio_wall": 1.37, "rerender_wall_s": 6.6, "rerender_cpu_s": 8.3, "draft_wall_s": 1.2,
         "pairs": [{"report": {"cpu_s": 23.7}, "floor": {"cpu_s": 16.4}}]}


def test_a_ratio_run_keeps_the_notes_and_the_size_table(tmp_path):
    bench = _script()
    path = tmp_path / "results.md"
    bench.write_results(path, [{"scale": 0.1, "rows": 26609}], None, [0.1], 0)
    path.write_text("# Results\n\nNotes written by hand.\n\n" + path.read_text(encoding="utf-8").split("\n", 1)[1]
                    + "\nMore notes.\n", encoding="utf-8")
    bench.write_results(path, [], RATIO, [], 3)
    bench.write_results(path, [], {**RATIO, "ratio_cpu": 1.6, "rerender_wall_s": 12.0}, [], 3)
    text = path.read_text(encoding="utf-8")
    assert "Notes written by hand." in text and "More notes." in text
    assert "| 0.1 | 26609 |" in text  # the size block measured earlier stays
    assert text.count("### The whole report against the floor") == 1  # replaced, not appended again
    assert "**1.6**" in text and "**1.45**" not in text
    assert "ratio **misses the target** of 1.3 (issue #22" in text and "**misses the target** of under 10 s" in text
    bench.write_results(path, [], {**RATIO, "ratio_cpu": 1.29, "rerender_wall_s": 9.0}, [], 3)
    text = path.read_text(encoding="utf-8")
    assert "ratio meets the target of 1.3" in text and "meets the target of under 10 s" in text


def test_the_deep_dive_block_is_its_own(tmp_path):
    bench = _script()
    path = tmp_path / "results.md"
    bench.write_results(path, [], RATIO, [], 3)
    deep = {"scale": 1.0, "children": 44540, "load": 2.0,
            "calls": {"journeys()": {"wall_s": 1.4, "cpu_s": 1.3}, "events()": {"wall_s": 1.1, "cpu_s": 1.0}}}
    bench.write_results(path, [], None, [], 0, deep)
    bench.write_results(path, [], None, [], 0, {**deep, "calls": {"journeys()": {"wall_s": 6.0, "cpu_s": 5.5}}})
    text = path.read_text(encoding="utf-8")
    assert "### The whole report against the floor" in text and text.count("### The deep dive") == 1
    assert "| `dd.journeys()` | 6.0 | 5.5 |" in text and "events()" not in text
    assert "`journeys()` **misses** the target of under 5 s" in text
