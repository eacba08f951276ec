"""Mutation testing for ncts: one-line mutants of a module, each run against its tests.

Not part of the test suite, and not run in CI (a whole run takes tens of minutes).
Run from the repository root, after ``pip install -e '.[dev]'``::

    python benchmarks/mutate.py                 # every module in MODULES
    python benchmarks/mutate.py _io _yaml       # some modules
    python benchmarks/mutate.py _io --list      # print the mutants, run nothing
    python benchmarks/mutate.py _io --lines 150-180

How it works (docs/testing.md says more):

- Each module's source is parsed with :mod:`ast`; every mutable node gives one
  mutant (a comparison, boolean or arithmetic operator swapped, a constant changed,
  a ``not`` removed, a condition negated, a ``raise`` or a call statement removed, a
  return value replaced by ``None``). The mutated source replaces only the node's
  own characters (line numbers stay as they were) and must compile.
- Mutants run in worker processes (``--workers``, 2 by default), each with its own
  temporary copy of the source tree: the main tree is never modified. A worker
  imports pytest, Hypothesis, networkx and pandas once, then forks one child per
  mutant, which imports ncts from the copy and runs only the module's test files
  (``MODULES``) with ``-x`` and the Hypothesis ``mutation`` profile (the ``dev``
  profile's 40 examples, derandomised, no database).
- Before its mutants, each module's tests run once unmutated under a line tracer:
  the run must pass, it sets the per-mutant timeout, and mutants on lines that no
  test executes are reported as survivors without being run.
- Mutants listed in ``benchmarks/mutation-equivalent.txt``, with the reason why they
  cannot change behaviour, are left out of the score.

The table and the list of survivors are printed and written to
``benchmarks/last-mutation.md``.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import importlib
import json
import multiprocessing
import os
import re
import shutil
import signal
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = Path("src/ncts")
EQUIVALENT_FILE = ROOT / "benchmarks" / "mutation-equivalent.txt"

# Module -> the test files that pin its behaviour, the fastest and most direct first
# (with -x, a mutant stops at its first failing test).
MODULES: dict[str, tuple[str, ...]] = {
    "_model": (
        "tests/test_model.py",
        "tests/test_constructors.py",
        "tests/test_io.py",
        "tests/test_hostile.py",
        "tests/test_overlay.py",
    ),
    "_convert": (
        "tests/test_convert.py",
        "tests/test_internal_errors.py",
        "tests/test_io.py",
        "tests/test_hostile.py",
        "tests/test_fuzz.py",
        "tests/test_model.py",
        "tests/test_overlay.py",
    ),
    "_io": (
        "tests/test_io.py",
        # Every problem of a strategy file in one run (reference_problems).
        "tests/test_cli_conventions.py::TestEveryProblemInOneRun",
        # The arguments of load, loads, dump, dumps and the data releases.
        "tests/test_arguments.py",
        "tests/test_hostile.py",
        "tests/test_hostile_documents.py",
        "tests/test_fuzz.py",
        "tests/test_cli.py",
        "tests/test_cli_hostile.py",
    ),
    "_yaml": (
        "tests/test_yaml.py",
        "tests/test_yaml_fast.py",
        "tests/test_io.py",
        "tests/test_hostile.py",
        "tests/test_hostile_documents.py",
        "tests/test_fuzz.py",
        # The two emitters compared (the rest of that file is about other modules).
        "tests/test_performance_counts.py::TestYamlEmitters",
    ),
    "_json": (
        "tests/test_json.py",
        # orjson writes what the standard library writes, and strategies skip the
        # check for floats.
        "tests/test_performance_counts.py::TestJsonWriters",
        "tests/test_io.py",
        "tests/test_hostile.py",
        "tests/test_hostile_documents.py",
        "tests/test_fuzz.py",
    ),
    "_overlay": (
        "tests/test_overlay_rules.py",
        "tests/test_overlay.py",
        "tests/test_io.py",
        "tests/test_cli.py",
    ),
    # The plain examples first (the rest of that file is about search).
    "_diff": (
        "tests/test_diff_kinds.py",
        "tests/test_diff_search_skos.py::TestDiffOfEveryKind",
        "tests/test_diff_search_skos.py::TestDiff",
        "tests/test_diff_search_skos.py::TestYourOwnStrategy",
        "tests/test_cli.py",
    ),
    "_search": (
        "tests/test_search.py",
        # The index's fast paths against the rule, written out (a node ID: the
        # rest of that file is about other modules).
        "tests/test_performance_counts.py::TestSearchFollowsTheRule",
        "tests/test_diff_search_skos.py::TestSearch",
        "tests/test_diff_search_skos.py::TestYourOwnStrategy",
        "tests/test_diff_search_skos.py::TestNormalisation",
        "tests/test_cli.py",
    ),
    # test_graph_rebuild.py covers the overlay records in a graph, which
    # test_overlay.py (slow: Hypothesis overlays) was listed for.
    "_graph": (
        "tests/test_graph_rebuild.py",
        # to_graph's direct fill against networkx's add_node and add_edge.
        "tests/test_graph_fill.py",
        "tests/test_graph.py",
    ),
    "_analysis": (
        "tests/test_analysis.py",
        "tests/test_graph.py",
        "tests/test_overlay.py",
    ),
    # The conventions first: plain, in-process examples of each verb (about 3 s);
    # then the end-to-end examples, then the hostile input (about 25 s).
    "_cli": (
        "tests/test_cli_conventions.py",
        "tests/test_cli_help_width.py",
        # The imports and parses of a command, counted.
        "tests/test_performance_counts.py::TestCommandStartUp",
        "tests/test_performance_counts.py::TestCommandsParseAFileOnce",
        "tests/test_cli.py",
        "tests/test_cli_hostile.py",
        # template's arguments: OUT, --rows and --force.
        "tests/test_sheets_hostile.py::TestTemplateArguments",
    ),
}

# Copied into each worker's tree (the tests read data/, docs/examples and tests/).
# Caches kept across tests in the traced run: the converter is built once per
# process (at a95ac99, building it inside to_graph() before any load() left enums
# raw in the graph, so a rebuild per test would fail tests that pass in a full run).
_KEEP_CACHES = frozenset({"_converter"})
_COPY = ("src", "tests", "data", "docs", "pyproject.toml", "README.md")
_PYTEST_ARGS = ["-x", "-q", "-p", "no:cacheprovider", "-o", "addopts=", "--no-header"]
# The worker imported Hypothesis (a pytest plugin) before pytest starts.
_PYTEST_ARGS += ["-W", "ignore::pytest.PytestAssertRewriteWarning"]

_COMPARE: dict[type[ast.cmpop], type[ast.cmpop]] = {
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.Lt: ast.LtE,
    ast.LtE: ast.Lt,
    ast.Gt: ast.GtE,
    ast.GtE: ast.Gt,
    ast.In: ast.NotIn,
    ast.NotIn: ast.In,
    ast.Is: ast.IsNot,
    ast.IsNot: ast.Is,
}
_ARITHMETIC: dict[type[ast.operator], type[ast.operator]] = {
    ast.Add: ast.Sub,
    ast.Sub: ast.Add,
    ast.Mult: ast.Add,
    ast.Div: ast.Mult,
    ast.FloorDiv: ast.Mult,
    ast.Mod: ast.FloorDiv,
    ast.Pow: ast.Mult,
    ast.BitOr: ast.BitAnd,
    ast.BitAnd: ast.BitOr,
    ast.LShift: ast.RShift,
    ast.RShift: ast.LShift,
}
# A string constant is mutated only when it looks like a key, a name or a format
# (messages and docstrings are left alone: tests match their meaning, not each word).
_TYPING_CALLS = frozenset({"TypeVar", "cast", "NewType"})
_KEYLIKE = re.compile(r"[A-Za-z_][\w.\-]{0,39}\Z")


@dataclass(frozen=True)
class Mutant:
    """One mutation: the characters of a node and what replaces them."""

    module: str
    function: str
    line: int
    end_line: int
    col: int
    end_col: int
    operator: str
    original: str
    replacement: str
    # The lines of the statement (or a compound statement's header) it is in: a
    # constant folded into a multi-line literal runs on the statement's first line.
    statement: tuple[int, int] = (0, 0)

    @property
    def key(self) -> str:
        """The key of this mutant in the list of equivalent mutants."""
        return (
            f"{self.module} | {self.function} | {self.original} -> {self.replacement}"
        )

    def describe(self) -> str:
        """Return ``file:line: original -> replacement (operator)``."""
        return (
            f"{self.module}.py:{self.line} [{self.function}] {self.operator}: "
            f"{self.original} -> {self.replacement}"
        )


def _segment(lines: list[bytes], node: ast.AST) -> str:
    """Return the source text of *node* (column offsets are UTF-8 byte offsets)."""
    first: int = node.lineno - 1  # type: ignore[attr-defined]
    last: int = node.end_lineno - 1  # type: ignore[attr-defined]
    start: int = node.col_offset  # type: ignore[attr-defined]
    end: int = node.end_col_offset  # type: ignore[attr-defined]
    if first == last:
        return lines[first][start:end].decode()
    chunks = [lines[first][start:], *lines[first + 1 : last], lines[last][:end]]
    return b"".join(chunks).decode()


class _Collector(ast.NodeVisitor):
    """Walk a module and collect (node, replacement text, operator) triples."""

    def __init__(self, module: str, source: str) -> None:
        self.module = module
        self.lines = source.encode().splitlines(keepends=True)
        self.text_lines = source.splitlines()
        self.scope: list[str] = []
        self.found: list[Mutant] = []
        self.docstrings: set[int] = set()
        self.skip: set[int] = set()
        self.statements: list[tuple[int, int]] = [(0, 0)]

    def visit(self, node: ast.AST) -> None:
        if isinstance(node, ast.stmt):
            body = getattr(node, "body", None)
            end = node.end_lineno or node.lineno
            if isinstance(body, list) and body:
                end = max(node.lineno, body[0].lineno - 1)
            self.statements.append((node.lineno, end))
            try:
                super().visit(node)
            finally:
                self.statements.pop()
        else:
            super().visit(node)

    # -- bookkeeping -----------------------------------------------------------
    def _add(self, node: ast.AST, replacement: str, operator: str) -> None:
        line = node.lineno  # type: ignore[attr-defined]
        if "pragma: no mutate" in self.text_lines[line - 1]:
            return
        original = _segment(self.lines, node)
        if original == replacement:
            return
        self.found.append(
            Mutant(
                module=self.module,
                function=".".join(self.scope) or "<module>",
                line=line,
                end_line=node.end_lineno,  # type: ignore[attr-defined]
                col=node.col_offset,  # type: ignore[attr-defined]
                end_col=node.end_col_offset,  # type: ignore[attr-defined]
                operator=operator,
                original=" ".join(original.split()),
                replacement=replacement,
                statement=self.statements[-1],
            )
        )

    def _expr(self, node: ast.expr, new: ast.expr, operator: str) -> None:
        self._add(node, f"({ast.unparse(new)})", operator)

    def _note_docstring(self, body: list[ast.stmt]) -> None:
        if (
            body
            and isinstance(body[0], ast.Expr)
            and isinstance(body[0].value, ast.Constant)
            and isinstance(body[0].value.value, str)
        ):
            self.docstrings.add(id(body[0]))
            self.skip.add(id(body[0].value))

    # -- scopes and what is never mutated --------------------------------------
    def visit_Module(self, node: ast.Module) -> None:
        self._note_docstring(node.body)
        self.generic_visit(node)

    def _scoped(
        self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef
    ) -> None:
        self._note_docstring(node.body)
        for decorator in node.decorator_list:
            self.visit(decorator)
        if not isinstance(node, ast.ClassDef):
            # Defaults are behaviour; annotations are not.
            for default in [*node.args.defaults, *node.args.kw_defaults]:
                if default is not None:
                    self.visit(default)
        else:
            for base in node.bases:
                self.visit(base)
        self.scope.append(node.name)
        for statement in node.body:
            self.visit(statement)
        self.scope.pop()

    visit_FunctionDef = _scoped
    visit_AsyncFunctionDef = _scoped
    visit_ClassDef = _scoped

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        if node.value is not None:
            self.visit(node.value)

    def visit_If(self, node: ast.If) -> None:
        test = node.test
        if isinstance(test, ast.Name) and test.id == "TYPE_CHECKING":
            return
        if not isinstance(test, ast.Compare | ast.BoolOp | ast.UnaryOp | ast.Constant):
            self._expr(test, ast.UnaryOp(ast.Not(), test), "negate condition")
        self.generic_visit(node)

    def visit_While(self, node: ast.While) -> None:
        test = node.test
        if not isinstance(test, ast.Compare | ast.BoolOp | ast.UnaryOp | ast.Constant):
            self._expr(test, ast.UnaryOp(ast.Not(), test), "negate condition")
        self.generic_visit(node)

    def visit_Assign(self, node: ast.Assign) -> None:
        names = [t.id for t in node.targets if isinstance(t, ast.Name)]
        if "__all__" in names:
            return
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        # The names given to TypeVar and cast are for the type checker only.
        if isinstance(node.func, ast.Name) and node.func.id in _TYPING_CALLS:
            return
        self.generic_visit(node)

    def visit_Subscript(self, node: ast.Subscript) -> None:
        if isinstance(node.value, ast.Name) and node.value.id == "Literal":
            return
        self.generic_visit(node)

    def visit_JoinedStr(self, node: ast.JoinedStr) -> None:
        # Positions inside f-strings are not reliable before Python 3.12.
        return

    # -- statements ------------------------------------------------------------
    def visit_Expr(self, node: ast.Expr) -> None:
        if id(node) not in self.docstrings and isinstance(node.value, ast.Call):
            self._add(node, "pass", "remove call")
        self.generic_visit(node)

    def visit_Raise(self, node: ast.Raise) -> None:
        self._add(node, "pass", "remove raise")
        self.generic_visit(node)

    def visit_Continue(self, node: ast.Continue) -> None:
        self._add(node, "pass", "remove continue")

    def visit_Break(self, node: ast.Break) -> None:
        self._add(node, "pass", "remove break")

    def visit_Return(self, node: ast.Return) -> None:
        value = node.value
        if value is not None and not (
            isinstance(value, ast.Constant) and value.value is None
        ):
            self._add(node, "return None", "return None")
        self.generic_visit(node)

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        swap = _ARITHMETIC.get(type(node.op))
        if swap is not None:
            new = ast.AugAssign(node.target, swap(), node.value)
            self._add(node, ast.unparse(new), "arithmetic")
        self.generic_visit(node)

    # -- expressions -----------------------------------------------------------
    def visit_Compare(self, node: ast.Compare) -> None:
        for i, op in enumerate(node.ops):
            swap = _COMPARE.get(type(op))
            if swap is not None:
                ops = [*node.ops[:i], swap(), *node.ops[i + 1 :]]
                self._expr(
                    node, ast.Compare(node.left, ops, node.comparators), "compare"
                )
        self.generic_visit(node)

    def visit_BoolOp(self, node: ast.BoolOp) -> None:
        other = ast.Or() if isinstance(node.op, ast.And) else ast.And()
        self._expr(node, ast.BoolOp(other, node.values), "boolean")
        self.generic_visit(node)

    def visit_UnaryOp(self, node: ast.UnaryOp) -> None:
        if isinstance(node.op, ast.Not):
            self._expr(node, node.operand, "remove not")
        elif isinstance(node.op, ast.USub) and not isinstance(
            node.operand, ast.Constant
        ):
            self._expr(node, node.operand, "remove minus")
        self.generic_visit(node)

    def visit_BinOp(self, node: ast.BinOp) -> None:
        swap = _ARITHMETIC.get(type(node.op))
        if swap is not None:
            self._expr(node, ast.BinOp(node.left, swap(), node.right), "arithmetic")
        self.generic_visit(node)

    def visit_Constant(self, node: ast.Constant) -> None:
        if id(node) in self.skip:
            return
        value = node.value
        new: object
        if isinstance(value, bool):
            new = not value
        elif isinstance(value, int | float):
            new = value + 1
        elif isinstance(value, str) and _KEYLIKE.match(value):
            new = value + "X"
        else:
            return
        self._expr(node, ast.Constant(new), "constant")


def mutants_of(module: str, source: str | None = None) -> list[Mutant]:
    """Return the mutants of ``src/ncts/<module>.py``, one per distinct mutated source."""
    if source is None:
        source = (ROOT / PACKAGE / f"{module}.py").read_text(encoding="utf-8")
    collector = _Collector(module, source)
    collector.visit(ast.parse(source))
    seen: set[str] = set()
    result: list[Mutant] = []
    for mutant in sorted(collector.found, key=lambda m: (m.line, m.col)):
        mutated = apply(source, mutant)
        if mutated in seen:
            continue
        try:
            compile(mutated, f"{module}.py", "exec")
        except SyntaxError:
            continue
        seen.add(mutated)
        result.append(mutant)
    return result


def apply(source: str, mutant: Mutant) -> str:
    """Return *source* with *mutant* applied, keeping every other line where it was."""
    lines = source.encode().splitlines(keepends=True)
    first, last = mutant.line - 1, mutant.end_line - 1
    before = lines[first][: mutant.col]
    after = lines[last][mutant.end_col :]
    # Padding with newlines keeps the line numbers of the rest of the file: inside
    # the parentheses of an expression, after a statement.
    pad = b"\n" * (last - first)
    new = mutant.replacement.encode()
    middle = new[:-1] + pad + b")" if new.startswith(b"(") else new + pad
    return b"".join(
        [*lines[:first], before, middle, after, *lines[last + 1 :]]
    ).decode()


def load_equivalent(path: Path = EQUIVALENT_FILE) -> dict[str, str]:
    """Read the list of equivalent mutants: ``key  # reason`` per line."""
    result: dict[str, str] = {}
    if not path.exists():
        return result
    for raw in path.read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.startswith("#"):
            continue
        key, _, reason = raw.partition("  # ")
        result[key.strip()] = reason.strip()
    return result


# -- running -------------------------------------------------------------------

_WORKER: dict[str, Any] = {}


def _worker_init(copies: multiprocessing.Queue[str]) -> None:
    """Take a private copy of the tree and import the heavy libraries once."""
    _WORKER["copy"] = Path(copies.get())
    os.environ["MPLBACKEND"] = "Agg"
    sys.dont_write_bytecode = True
    import hypothesis  # noqa: F401
    import pytest  # noqa: F401

    for name in ("attrs", "cattrs", "yaml", "networkx", "pandas", "matplotlib.pyplot"):
        with contextlib.suppress(ImportError):
            __import__(name)


@dataclass(frozen=True)
class Job:
    """One run of a module's tests: unmutated (traced) or with one mutant."""

    module: str
    tests: tuple[str, ...]
    source: str
    timeout: float
    index: int = -1
    trace: bool = False
    # Test IDs to run (None: all of *tests*); IDs to run first, in this order.
    select: frozenset[str] | None = None
    first: tuple[str, ...] = ()


class _Plugin:
    """Select and order the tests, note the first failure, and trace the module."""

    def __init__(self, job: Job, trace: str | None) -> None:
        self.job = job
        self.failed: list[str] = []
        self.current: str | None = None
        self.trace = trace
        # line -> the tests whose call executed it ("*": outside any test call)
        self.lines: dict[int, set[str]] = {}
        self.durations: dict[str, float] = {}
        self.lost: list[str] = []

    def pytest_collection_modifyitems(self, config: Any, items: list[Any]) -> None:
        job = self.job
        if job.select is not None:
            kept = [i for i in items if i.nodeid in job.select]
            dropped = [i for i in items if i.nodeid not in job.select]
            if dropped:
                config.hook.pytest_deselected(items=dropped)
            items[:] = kept
        if job.first:
            rank = {nodeid: i for i, nodeid in enumerate(job.first)}
            items.sort(key=lambda i: rank.get(i.nodeid, len(rank)))

    def pytest_runtest_logreport(self, report: Any) -> None:
        if report.failed and not self.failed:
            self.failed.append(report.nodeid)
        self.durations[report.nodeid] = (
            self.durations.get(report.nodeid, 0.0) + report.duration
        )

    def pytest_collectreport(self, report: Any) -> None:
        if report.failed and not self.failed:
            self.failed.append(f"collecting {report.nodeid}")

    # Lines run during a test's call belong to that test; lines run anywhere else
    # (imports, fixtures, which later tests may reuse) belong to every test.
    def pytest_runtest_call(self, item: Any) -> None:
        self.current = item.nodeid
        if self.trace and sys.gettrace() is None:
            # Something (a test, a library) switched tracing off: switch it back on.
            self.lost.append(item.nodeid)
            sys.settrace(self.tracer)
        if self.trace:
            # A cached function (the bundled strategy, the converter) would run for
            # the first test only: clear the caches so each test runs what it uses.
            for name, module in list(sys.modules.items()):
                if name == "ncts" or name.startswith("ncts."):
                    for key, value in list(vars(module).items()):
                        clear = getattr(value, "cache_clear", None)
                        if callable(clear) and key not in _KEEP_CACHES:
                            clear()
            # A strategy from a fixture keeps what it derived (the search index,
            # the graph) in _derived: forget it, so each test builds what it uses.
            for value in getattr(item, "funcargs", {}).values():
                derived = getattr(value, "_derived", None)
                if isinstance(derived, dict):
                    derived.clear()

    def pytest_runtest_teardown(self, item: Any) -> None:
        self.current = None

    def tracer(self, frame: Any, event: str, arg: Any) -> Any:
        if frame.f_code.co_filename != self.trace:
            return None
        lines = self.lines

        def local(frame: Any, event: str, arg: Any) -> Any:
            if event == "line":
                lines.setdefault(frame.f_lineno, set()).add(self.current or "*")
            return local

        lines.setdefault(frame.f_lineno, set()).add(self.current or "*")
        return local


def _child(copy: Path, job: Job, result: Path) -> int:
    """Run the job's tests in *copy* (inside the forked child); return pytest's code."""
    import threading

    import pytest

    src = str(copy / "src")
    sys.path.insert(0, src)
    os.environ["PYTHONPATH"] = src
    os.environ["PYTHONDONTWRITEBYTECODE"] = "1"
    os.environ["HYPOTHESIS_PROFILE"] = "mutation"
    os.chdir(copy)
    target = str(copy / PACKAGE / f"{job.module}.py")
    plugin = _Plugin(job, target if job.trace else None)
    if job.trace:
        sys.settrace(plugin.tracer)
        threading.settrace(plugin.tracer)
    # Load the bundled strategy first, as a whole test run does early on, so a
    # selection of tests starts from the same state whichever test comes first
    # (at a95ac99, to_graph() before any load() gave raw enums in the graph).
    import ncts

    ncts.load()
    # Import the module now, so that its module-level lines (tables, constants)
    # belong to every test, not to the first test that happens to import it lazily.
    importlib.import_module(f"ncts.{job.module}")
    code = int(pytest.main([*job.tests, *_PYTEST_ARGS], plugins=[plugin]))
    sys.settrace(None)
    lines = {str(k): sorted(v) for k, v in plugin.lines.items()}
    result.write_text(
        json.dumps(
            {
                "failed": plugin.failed[:1],
                "lines": lines,
                "durations": plugin.durations,
                "lost": plugin.lost,
            }
        )
    )
    return code


def _run(job: Job) -> dict[str, Any]:
    """Write the job's source as the module in this worker's copy, run it in a child."""
    copy: Path = _WORKER["copy"]
    target = copy / PACKAGE / f"{job.module}.py"
    original = target.read_text(encoding="utf-8")
    target.write_text(job.source, encoding="utf-8")
    fd, name = tempfile.mkstemp(suffix=".json")
    os.close(fd)
    result = Path(name)
    log = name[: -len(".json")] + ".log"
    started = time.monotonic()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        code = 3
        try:
            os.setpgid(0, 0)
            out = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            os.dup2(out, 1)
            os.dup2(out, 2)
            code = _child(copy, job, result)
        except BaseException:
            import traceback

            traceback.print_exc()
        finally:
            os._exit(code)
    code = -1
    while True:
        done, raw = os.waitpid(pid, os.WNOHANG)
        if done:
            code = os.waitstatus_to_exitcode(raw)
            break
        if time.monotonic() - started > job.timeout:
            os.killpg(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            break
        time.sleep(0.02)
    elapsed = time.monotonic() - started
    target.write_text(original, encoding="utf-8")
    try:
        data = json.loads(result.read_text() or "{}")
    except json.JSONDecodeError:
        data = {}
    result.unlink()
    output = Path(log).read_text(errors="replace") if job.trace else ""
    Path(log).unlink()
    status: str
    if code == -1:
        status = "timeout"
    elif code == 0:
        status = "survived"
    elif code in (1, 2, 3):
        status = "killed"
    elif code == 4 and str((data.get("failed") or [""])[0]).startswith("collecting"):
        # pytest's usage error, for a test named by its node ID whose file could
        # not be collected (a module-level line of the test file raised): the same
        # mutant fails the whole suite's collection, so the tests caught it.
        status = "killed"
    else:
        status = f"error {code}"
    return {
        "index": job.index,
        "status": status,
        "elapsed": elapsed,
        "killed_by": (data.get("failed") or [None])[0],
        "lines": data.get("lines", {}),
        "durations": data.get("durations", {}),
        "lost": data.get("lost", []),
        "output": output[-3000:],
    }


@dataclass
class Outcome:
    """What happened to one mutant."""

    mutant: Mutant
    status: str  # killed, survived, timeout, not covered, equivalent, error ...
    killed_by: str | None = None
    reason: str | None = None
    seconds: float = 0.0


def _copies(n: int) -> Iterator[Path]:
    for _ in range(n):
        copy = Path(tempfile.mkdtemp(prefix="ncts-mutate-"))
        for name in _COPY:
            src = ROOT / name
            if src.is_dir():
                shutil.copytree(
                    src,
                    copy / name,
                    ignore=shutil.ignore_patterns("__pycache__", "_build"),
                )
            else:
                shutil.copy2(src, copy / name)
        yield copy


def run(
    modules: list[str],
    workers: int,
    line_range: tuple[int, int] | None,
    done: Callable[[str, list[Outcome], float], None],
) -> None:
    """Mutate each module and run its mutants; call *done* after each module."""
    equivalent = load_equivalent()
    copies = list(_copies(workers))
    ctx = multiprocessing.get_context("fork")
    queue: multiprocessing.Queue[str] = ctx.Queue()
    for copy in copies:
        queue.put(str(copy))
    try:
        with ctx.Pool(workers, initializer=_worker_init, initargs=(queue,)) as pool:
            for module in modules:
                started = time.monotonic()
                outcomes = _run_module(pool, workers, module, equivalent, line_range)
                done(module, outcomes, time.monotonic() - started)
    finally:
        for copy in copies:
            shutil.rmtree(copy, ignore_errors=True)


def _run_module(
    pool: Any,
    workers: int,
    module: str,
    equivalent: dict[str, str],
    line_range: tuple[int, int] | None,
) -> list[Outcome]:
    tests = MODULES[module]
    source = (ROOT / PACKAGE / f"{module}.py").read_text(encoding="utf-8")
    mutants = mutants_of(module, source)
    if line_range is not None:
        mutants = [m for m in mutants if line_range[0] <= m.line <= line_range[1]]
    # The baseline: the tests must pass unmutated; it also finds which test runs
    # which line. Hypothesis is derandomised, so a test that did not reach a line
    # here does not reach it with the mutant either.
    base = pool.apply(_run, (Job(module, tests, source, 3600.0, trace=True),))
    if base["status"] != "survived":
        raise SystemExit(
            f"{module}: the tests fail without a mutant ({base['status']}, "
            f"{base['killed_by']}); fix them first\n{base['output']}"
        )
    covered: dict[int, set[str]] = {int(k): set(v) for k, v in base["lines"].items()}
    durations: dict[str, float] = base["durations"]
    # A mutant may loop for ever: it gets three times what its tests took (traced),
    # plus the start-up of pytest.
    whole = sum(durations.values())
    timeout = 3 * whole + 20
    print(
        f"{module}: {len(mutants)} mutants, baseline {base['elapsed']:.1f} s "
        f"(traced), timeout {timeout:.0f} s",
        file=sys.stderr,
    )
    results: list[Outcome | None] = [None] * len(mutants)
    jobs: list[Job] = []
    for i, mutant in enumerate(mutants):
        who: set[str] = set()
        first, last = mutant.statement
        lines = set(range(mutant.line, mutant.end_line + 1))
        if first:
            lines |= set(range(first, last + 1))
        for line in lines:
            who |= covered.get(line, set())
        if mutant.key in equivalent:
            results[i] = Outcome(mutant, "equivalent", reason=equivalent[mutant.key])
        elif not who:
            results[i] = Outcome(mutant, "not covered")
        else:
            select = None if "*" in who else frozenset(who)
            limit = (
                timeout
                if select is None
                else 3 * sum(durations.get(t, 1.0) for t in select) + 20
            )
            jobs.append(
                Job(module, tests, apply(source, mutant), limit, i, False, select)
            )
    # Tests that killed earlier mutants run first (with -x, a kill ends the run).
    killers: dict[str, int] = {}
    pending = list(jobs)
    running: list[Any] = []
    done = 0
    while pending or running:
        while pending and len(running) < workers:
            job = pending.pop(0)
            order = tuple(sorted(killers, key=lambda k: -killers[k]))[:50]
            running.append(pool.apply_async(_run, (replace(job, first=order),)))
        ready = [r for r in running if r.ready()]
        if not ready:
            time.sleep(0.05)
            continue
        for r in ready:
            running.remove(r)
            out = r.get()
            i = out["index"]
            results[i] = Outcome(
                mutants[i],
                out["status"],
                killed_by=out["killed_by"],
                seconds=out["elapsed"],
            )
            if out["killed_by"]:
                killers[out["killed_by"]] = killers.get(out["killed_by"], 0) + 1
            done += 1
            if done % 25 == 0 or done == len(jobs):
                print(f"  {module}: {done}/{len(jobs)} run", file=sys.stderr)
    return [r for r in results if r is not None]


# -- reporting -----------------------------------------------------------------


def score_table(outcomes: dict[str, list[Outcome]], timings: dict[str, float]) -> str:
    """Return the Markdown table of scores per module."""
    head = (
        "| module | mutants | killed | timeout | survived | not covered | equivalent "
        "| score | time |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|"
    )
    rows = [head]
    total: dict[str, int] = {}
    for module, results in outcomes.items():
        count = dict.fromkeys(
            ("killed", "timeout", "survived", "not covered", "equivalent"), 0
        )
        for r in results:
            key = r.status if r.status in count else "survived"
            count[key] += 1
        for k, v in count.items():
            total[k] = total.get(k, 0) + v
        rows.append(_row(module, len(results), count, timings.get(module, 0.0)))
    if len(outcomes) > 1:
        rows.append(_row("**all**", sum(total.values()), total, sum(timings.values())))
    return "\n".join(rows)


def _row(name: str, n: int, count: dict[str, int], seconds: float) -> str:
    scored = n - count["equivalent"]
    caught = count["killed"] + count["timeout"]
    score = f"{100 * caught / scored:.1f} %" if scored else "-"
    return (
        f"| {name} | {n} | {count['killed']} | {count['timeout']} | "
        f"{count['survived']} | {count['not covered']} | {count['equivalent']} | "
        f"{score} | {seconds / 60:.1f} min |"
    )


def survivors(outcomes: dict[str, list[Outcome]]) -> str:
    """Return the Markdown list of surviving mutants, module by module."""
    out: list[str] = []
    for module, results in outcomes.items():
        alive = [
            r for r in results if r.status not in ("killed", "timeout", "equivalent")
        ]
        if not alive:
            continue
        out.append(f"\n### {module} ({len(alive)})\n")
        for r in alive:
            note = "" if r.status == "survived" else f" ({r.status})"
            out.append(f"- `{r.mutant.describe()}`{note}")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    """Run the mutation tests from the command line."""
    # Started in the background by a shell without job control (``cmd &`` in a
    # script), the runner would ignore SIGINT, and so would every command the tests
    # start: the tests that interrupt a command would fail in the unmutated run.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("modules", nargs="*", help="modules (default: all of MODULES)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--list", action="store_true", help="list the mutants only")
    parser.add_argument("--lines", help="only mutants whose line is in FIRST-LAST")
    parser.add_argument(
        "--report", default=str(ROOT / "benchmarks" / "last-mutation.md")
    )
    parser.add_argument(
        "--json",
        default=str(ROOT / "benchmarks" / "last-mutation.json"),
        help="where every outcome is kept, module by module",
    )
    parser.add_argument(
        "--resume", action="store_true", help="skip the modules already in --json"
    )
    args = parser.parse_args(argv)
    modules = args.modules or list(MODULES)
    unknown = [m for m in modules if m not in MODULES]
    if unknown:
        parser.error(f"unknown module(s) {unknown}: use some of {list(MODULES)}")
    line_range = None
    if args.lines:
        first, _, last = args.lines.partition("-")
        line_range = (int(first), int(last or first))
    if args.list:
        equivalent = load_equivalent()
        for module in modules:
            for m in mutants_of(module):
                if line_range and not line_range[0] <= m.line <= line_range[1]:
                    continue
                mark = "  (equivalent)" if m.key in equivalent else ""
                print(m.describe() + mark)
        return 0
    results_file = Path(args.json)
    saved: dict[str, Any] = {}
    if args.resume and results_file.exists():
        saved = json.loads(results_file.read_text(encoding="utf-8"))
    outcomes: dict[str, list[Outcome]] = {}
    timings: dict[str, float] = {}
    for module in modules:
        if module in saved:
            outcomes[module] = [_outcome(d) for d in saved[module]["mutants"]]
            timings[module] = saved[module]["seconds"]

    def done(module: str, results: list[Outcome], seconds: float) -> None:
        outcomes[module], timings[module] = results, seconds
        saved[module] = {
            "seconds": round(seconds, 1),
            "mutants": [
                {
                    **asdict(r.mutant),
                    "status": r.status,
                    "killed_by": r.killed_by,
                    "seconds": round(r.seconds, 2),
                }
                for r in results
            ],
        }
        results_file.write_text(json.dumps(saved, indent=1), encoding="utf-8")
        report = (
            f"# Mutation run\n\n{score_table(outcomes, timings)}\n\n"
            f"## Survivors\n{survivors(outcomes)}\n"
        )
        Path(args.report).write_text(report, encoding="utf-8")

    todo = [m for m in modules if m not in outcomes]
    run(todo, args.workers, line_range, done)
    print(Path(args.report).read_text(encoding="utf-8"))
    print(
        f"Time of the modules run: {sum(timings[m] for m in todo) / 60:.1f} min "
        f"with {args.workers} workers."
    )
    return 0


def _outcome(data: dict[str, Any]) -> Outcome:
    fields = {k: data[k] for k in Mutant.__dataclass_fields__ if k in data}
    if "statement" in fields:
        fields["statement"] = tuple(fields["statement"])
    return Outcome(
        Mutant(**fields), data["status"], data["killed_by"], None, data["seconds"]
    )


if __name__ == "__main__":
    raise SystemExit(main())
