"""The package's folders show the pipeline: each package imports only the
packages before it (generator/__init__.py lists the order), and no module
imports, directly or through others, a module that imports it back."""
from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "generator"
ORDER = ["archive", "sources", "ingest", "tags", "curated", "site", "build", "serve", "commands"]
# Imported inside a function, upwards on purpose: the commentary section is
# rendered by the site, and curated/commentary.py hands its notes to it.
ALLOWED_UP = {("generator.curated.commentary", "generator.site.render.commentary")}
MAX_LINES = 500  # ~400 is the aim


def _module(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports() -> dict[str, set[str]]:
    modules = {_module(p): p for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        deps = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                base = package.split(".")
                if node.level:
                    base = base[:len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else [])) if node.level else (node.module or "")
                for alias in node.names:
                    sub = f"{target}.{alias.name}"
                    deps.add(sub if sub in modules else target)
            elif isinstance(node, ast.Import):
                deps.update(a.name for a in node.names)
        graph[name] = {d for d in deps if d in modules and d != name and not name.startswith(d + ".") and d != "generator"}
    return graph


def _stage(module: str) -> int | None:
    parts = module.split(".")
    return ORDER.index(parts[1]) if len(parts) > 1 and parts[1] in ORDER else None


def test_every_module_belongs_to_a_stage_package():
    loose = sorted(m for m in _imports() if m.count(".") == 1 and m.split(".")[1] not in ORDER + ["__main__"])
    assert loose == [], f"modules outside the stage packages (generator/__init__.py lists them): {loose}"


def test_packages_import_only_earlier_stages():
    upward = sorted((m, d) for m, deps in _imports().items() for d in deps
                    if _stage(m) is not None and _stage(d) is not None and _stage(d) > _stage(m)
                    and (m, d) not in ALLOWED_UP)
    assert upward == [], "imports against the pipeline's order: " + ", ".join(f"{m} -> {d}" for m, d in upward)


def _circles(graph: dict[str, set[str]]) -> list[str]:
    circles, state = [], {}

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for dep in sorted(graph[node]):
            if state.get(dep) == 1:
                circles.append(" -> ".join(path[path.index(dep):] + [dep]))
            elif dep not in state:
                visit(dep, path + [dep])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    return circles


def test_no_import_circles():
    assert _circles(_imports()) == [], "import circles"


def test_no_module_is_much_over_400_lines():
    long = sorted((p.relative_to(PACKAGE.parent).as_posix(), n) for p in PACKAGE.rglob("*.py")
                  if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES)
    assert long == [], f"modules over {MAX_LINES} lines (split them by what they hold): {long}"


def test_the_circle_finder_finds_a_circle_through_a_third_module():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _circles(graph) == ["a -> b -> c -> a"]
    assert _circles({"a": {"b"}, "b": set()}) == []
