"""The flag-kind registry (pipeline/data/flag_kinds.json) is the one list of flag kinds:
every kind the code can raise is in it, every kind in it is raised somewhere, new_flag
refuses others and takes the default severity from it, and README's list and
`ita flags --help` are written from it."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline import flags
from pipeline.flags import new_flag, registry

ROOT = Path(__file__).resolve().parents[1]
SOURCES = sorted((ROOT / "pipeline").rglob("*.py"))
SEVERITIES = {"error", "warning", "info"}


def _callee(call: ast.Call) -> str | None:
    f = call.func
    return f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else None


def _module(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts)


class _Source:
    def __init__(self, path: Path):
        self.path, self.module = path, _module(path)
        self.tree = ast.parse(path.read_text(encoding="utf-8"))
        self.parent: dict[ast.AST, ast.AST] = {}
        for node in ast.walk(self.tree):
            for child in ast.iter_child_nodes(node):
                self.parent[child] = node
        self.imports = {a.asname or a.name: (n.module, a.name) for n in ast.walk(self.tree)
                        if isinstance(n, ast.ImportFrom) and n.module for a in n.names}
        self.constants = {t.id: n.value.value for n in self.tree.body if isinstance(n, ast.Assign)
                          and isinstance(n.value, ast.Constant) for t in n.targets if isinstance(t, ast.Name)}

    def function_of(self, node: ast.AST) -> ast.FunctionDef | None:
        while node in self.parent:
            node = self.parent[node]
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                return node
        return None


SOURCE = {s.module: s for s in map(_Source, SOURCES)}


Spec = tuple[str, "int | None", "ast.expr | None"]  # kind parameter, its position, its default


def _wrappers() -> dict[tuple[str, str], Spec]:
    """(module, function) -> (its kind parameter, that parameter's position, its default):
    FlagRecord, and every function that passes a parameter of its own on as a flag's kind."""
    found: dict[tuple[str, str], Spec] = {("schemas.records", "FlagRecord"): ("kind", None, None)}
    changed = True
    while changed:
        changed = False
        for src in SOURCE.values():
            for call, spec in _flag_calls(src, found):
                arg = _kind_arg(call, spec)
                fn = src.function_of(call)
                if not isinstance(arg, ast.Name) or fn is None or (src.module, fn.name) in found:
                    continue
                params = [a for a in fn.args.args if a.arg not in ("self", "cls")]
                names = [a.arg for a in params]
                defaults = dict(zip(names[len(names) - len(fn.args.defaults):], fn.args.defaults))
                defaults |= {a.arg: d for a, d in zip(fn.args.kwonlyargs, fn.args.kw_defaults)}
                if arg.id in names + [a.arg for a in fn.args.kwonlyargs]:
                    index = names.index(arg.id) if arg.id in names else None
                    found[(src.module, fn.name)] = (arg.id, index, defaults.get(arg.id))
                    changed = True
    return found


def _flag_calls(src: _Source, wrappers: dict) -> list[tuple[ast.Call, Spec]]:
    """Calls in `src` of a wrapper: by name, defined here or imported; a method call
    (`ctx.flag(…)`) by the method's name in any module."""
    out = []
    for node in ast.walk(src.tree):
        if not isinstance(node, ast.Call) or (name := _callee(node)) is None:
            continue
        key = (src.module, name) if (src.module, name) in wrappers else src.imports.get(name)
        if key in wrappers:
            out.append((node, wrappers[key]))
        elif isinstance(node.func, ast.Attribute):
            specs = [spec for (_, fn), spec in wrappers.items() if fn == name]
            if specs:
                assert len({(n, i) for n, i, _ in specs}) == 1, f"methods {name} take the kind differently"
                out.append((node, specs[0]))
    return out


def _kind_arg(call: ast.Call, spec: Spec) -> ast.expr | None:
    name, index, default = spec
    for kw in call.keywords:
        if kw.arg == name:
            return kw.value
    return call.args[index] if index is not None and len(call.args) > index else default


def raised_kinds() -> dict[str, list[str]]:
    """Every flag kind a call in pipeline/ can write -> where ('module:line')."""
    wrappers = _wrappers()
    kinds: dict[str, list[str]] = {}
    unreadable = []
    for src in SOURCE.values():
        for call, spec in _flag_calls(src, wrappers):
            arg, fn = _kind_arg(call, spec), src.function_of(call)
            where = f"{src.module}:{call.lineno}"
            if isinstance(arg, ast.Name) and fn is not None and (src.module, fn.name) in wrappers:
                continue  # a wrapper handing its own parameter on: its callers are checked
            if isinstance(arg, ast.Name) and arg.id in src.imports:
                module, name = src.imports[arg.id]
                value = SOURCE[module].constants.get(name) if module in SOURCE else None
            elif isinstance(arg, ast.Name):
                value = src.constants.get(arg.id)
            else:
                value = arg.value if isinstance(arg, ast.Constant) else None
            if isinstance(value, str):
                kinds.setdefault(value, []).append(where)
            else:
                unreadable.append(where)
    assert not unreadable, f"flag kinds that are not a literal or a module constant: {unreadable}"
    return kinds


def test_every_kind_raised_in_the_code_is_registered_and_every_registered_kind_is_raised():
    kinds = raised_kinds()
    assert sum(map(len, kinds.values())) >= 40  # the scan does see the flag calls
    unregistered = {k: v for k, v in kinds.items() if k not in registry()}
    assert not unregistered, f"register these in pipeline/data/flag_kinds.json: {unregistered}"
    assert set(registry()) <= set(kinds), f"registered, never raised: {set(registry()) - set(kinds)}"


def test_registry_entries_are_whole():
    for k in registry().values():
        assert k.severity in SEVERITIES and len(k.meaning) > 20, k


def test_new_flag_takes_the_default_severity_and_refuses_unknown_kinds():
    f = new_flag("weak_evidence", "ปีงบประมาณอ่านจากผลล่าสุด (fiscal year from the latest result)",
                 file_id="f", page=2)
    assert (f.kind, f.severity, f.page) == ("weak_evidence", "info", 2)
    assert new_flag("value_conflict", "m", file_id="f", severity="error").severity == "error"
    with pytest.raises(ValueError, match="not registered"):
        new_flag("value_confict", "typo", file_id="f")


def test_readme_lists_the_registry():
    """Run `python -m pipeline.flags --readme README.md` (make flag-kinds) when this fails."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert flags.with_kinds(readme) == readme
    for kind in registry():
        assert f"- `{kind}` (" in readme


def test_ita_flags_help_lists_the_registry():
    out = subprocess.run([sys.executable, "-m", "pipeline.cli", "flags", "--help"], cwd=ROOT,
                         capture_output=True, text=True, check=True).stdout
    for k in registry().values():
        assert f"  {k.kind} ({k.severity}): " in out
