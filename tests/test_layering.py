"""The library's layers point down: a module imports only from its own layer's package or from
below (docs/architecture.md). Read from the source, function-level imports included, so a lazy
import cannot hide a cycle. The brief's two named rules fall out of it: ``indicators`` never
imports ``present``, ``deepdive`` never imports ``report``."""
from __future__ import annotations

import ast
from pathlib import Path

LIB = Path(__file__).resolve().parents[1] / "lib" / "safeguarding"

# lowest first; a unit is a top-level module or package of ``safeguarding``
LAYERS = [
    {"__version__", "schema", "periods", "params", "portable", "exports", "workdays", "groups", "quality",
     "history"},
    {"inputs", "stats", "demo"},
    {"indicators"},
    {"benchmarks"},
    {"disclosure"},
    {"present"},
    {"improvement"},
    {"rules"},
    {"prepare"},
    {"fixture"},
    {"deepdive"},
    {"report", "workspace"},
    {"cli"},
    {"__main__"},
]
LAYER = {unit: i for i, units in enumerate(LAYERS) for unit in units}


def _unit(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def imports() -> list[tuple[str, str, str]]:
    """(importing file, its unit, the imported unit) for every import inside the package."""
    out = []
    for path in sorted(LIB.rglob("*.py")):
        parts = ("safeguarding",) + path.relative_to(LIB).with_suffix("").parts
        package = parts[:-1] if parts[-1] != "__init__" else parts[:-1]
        module = ".".join(parts if parts[-1] != "__init__" else parts[:-1])
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level:
                base = list(package[:len(package) - (node.level - 1)])
                if node.module:
                    targets = [".".join(base + [node.module])]
                else:
                    targets = [".".join(base + [a.name]) for a in node.names]
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("safeguarding"):
                targets = [node.module]
            elif isinstance(node, ast.Import):
                targets = [a.name for a in node.names if a.name.startswith("safeguarding.")]
            else:
                continue
            for target in targets:
                out.append((str(path.relative_to(LIB)), _unit(module), _unit(target)))
    return out


def test_every_unit_has_a_layer():
    units = {p.stem if p.is_file() else p.name for p in LIB.iterdir()
             if (p.suffix == ".py" or (p.is_dir() and (p / "__init__.py").exists()))} - {"__init__"}
    assert units - set(LAYER) == set()


def test_imports_point_down():
    upward = [f"{path}: {unit} imports {target}" for path, unit, target in imports()
              if target in LAYER and LAYER[target] > LAYER[unit]]
    assert upward == []


def test_the_check_sees_a_lazy_import():
    # the scan reads imports inside functions too (most of the package's cross-layer imports are)
    found = {(unit, target) for _, unit, target in imports()}
    assert ("report", "deepdive") in found and ("present", "disclosure") in found
