"""YAML -> :class:`~labelspec.model.Taxonomy`, keeping a position for every node.

libyaml (PyYAML's C parser) composes the node tree; a small constructor of our own
turns nodes into plain data and records a 1-based (line, column) for every mapping
key, sequence item and scalar value. Doing construction ourselves is what makes the
loading safe and informative at once:

* only the standard YAML tags are accepted: ``!!python/...`` and custom tags are
  refused before anything is constructed (SCH005);
* duplicate keys are reported, where PyYAML silently keeps the last one (SCH002);
* aliases are shared, not copied, and the number of nodes they would expand to is
  bounded, so an alias bomb stops early (SCH005); so is nesting depth and file size;
* ``yes``/``no``/``on``/``off`` stay strings (YAML 1.2), since a label called ``no``
  must not become ``false``.
"""

from __future__ import annotations

import difflib
import math
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import ValidationError

from labelspec.diagnostics import Finding
from labelspec.errors import InputError, TaxonomyError
from labelspec.model import Taxonomy, field_names_at
from labelspec.positions import NodePath, Positions

try:
    from yaml import CSafeLoader as _YamlLoader
except ImportError:  # pragma: no cover - PyYAML without libyaml
    from yaml import SafeLoader as _YamlLoader  # type: ignore[assignment]

MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_ALIAS_EXPANSION = 100_000
MAX_DEPTH = 64

_TAG = "tag:yaml.org,2002:"
_STR, _NULL, _BOOL, _INT, _FLOAT = (_TAG + t for t in ("str", "null", "bool", "int", "float"))
_TIMESTAMP, _MERGE, _MAP, _SEQ = (_TAG + t for t in ("timestamp", "merge", "map", "seq"))
_SCALAR_TAGS = frozenset({_STR, _NULL, _BOOL, _INT, _FLOAT, _TIMESTAMP})
_FLOAT_WORDS = {".inf": math.inf, "+.inf": math.inf, "-.inf": -math.inf, ".nan": math.nan}


class _Refused(Exception):
    """Raised inside construction for input that must not be loaded any further."""

    def __init__(self, code: str, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.code, self.message, self.line, self.column = code, message, line, column


def _at(node: yaml.Node) -> tuple[int, int]:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


class _Constructor:
    """Builds plain dicts, lists and scalars from a composed node tree."""

    def __init__(self, positions: Positions) -> None:
        self.positions = positions
        self.duplicates: list[tuple[NodePath, tuple[int, int]]] = []
        self._built: dict[int, tuple[object, int]] = {}  # id(node) -> (value, size)
        self._active: set[int] = set()
        self._expanded = 0

    def build(self, node: yaml.Node, path: NodePath) -> tuple[object, int]:
        """Return the value of ``node`` and the number of nodes it spans."""
        if len(path) > MAX_DEPTH:
            raise _Refused("SCH005", f"nesting deeper than {MAX_DEPTH} levels", *_at(node))
        if isinstance(node, yaml.ScalarNode):
            self.positions.values[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
            return self._scalar(node), 1
        key = id(node)
        seen = self._built.get(key)
        if seen is not None:  # an alias: share the value, count what it would expand to
            self._expanded += seen[1]
            if self._expanded > MAX_ALIAS_EXPANSION:
                raise _Refused(
                    "SCH005",
                    f"aliases expand to more than {MAX_ALIAS_EXPANSION} nodes (an alias bomb?)",
                    *_at(node),
                )
            return seen
        if key in self._active:
            raise _Refused("SCH005", "an alias refers to the node that contains it", *_at(node))
        self._active.add(key)
        if isinstance(node, yaml.MappingNode):
            result = self._mapping(node, path)
        elif isinstance(node, yaml.SequenceNode):
            result = self._sequence(node, path)
        else:  # pragma: no cover - libyaml composes only these three kinds
            raise _Refused("SCH004", "unexpected YAML node", *_at(node))
        self._active.discard(key)
        self._built[key] = result
        return result

    def _check_tag(self, node: yaml.Node, allowed: str) -> None:
        if node.tag != allowed:
            tag = node.tag.replace(_TAG, "!!")
            raise _Refused("SCH005", f"tag {tag} is not allowed in a taxonomy", *_at(node))

    def _mapping(self, node: yaml.MappingNode, path: NodePath) -> tuple[object, int]:
        self._check_tag(node, _MAP)
        result: dict[str, object] = {}
        size = 1
        keys = self.positions.keys
        merged: list[dict[str, object]] = []
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise _Refused("SCH004", "a mapping key must be a plain value", *_at(key_node))
            if key_node.tag == _MERGE:
                merged.extend(self._merge_sources(value_node, path))
                continue
            if key_node.tag not in _SCALAR_TAGS:
                self._check_tag(key_node, _STR)
            key: str = key_node.value
            child = (*path, key)
            position = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if key in result:
                self.duplicates.append((child, position))
            keys[child] = position
            value, value_size = self.build(value_node, child)
            result[key] = value
            size += value_size
        for source in merged:  # explicit keys win over merged ones, as in YAML's merge key
            for key, value in source.items():
                result.setdefault(key, value)
        return result, size

    def _merge_sources(self, node: yaml.Node, path: NodePath) -> list[dict[str, object]]:
        nodes = node.value if isinstance(node, yaml.SequenceNode) else [node]
        sources = []
        for item in nodes:
            if not isinstance(item, yaml.MappingNode):
                raise _Refused("SCH004", "a merge key '<<' takes a mapping", *_at(item))
            value, _ = self.build(item, path)
            assert isinstance(value, dict)
            sources.append(value)
        return sources

    def _sequence(self, node: yaml.SequenceNode, path: NodePath) -> tuple[object, int]:
        self._check_tag(node, _SEQ)
        result: list[object] = []
        size = 1
        keys = self.positions.keys
        for index, item in enumerate(node.value):
            child = (*path, index)
            keys[child] = (item.start_mark.line + 1, item.start_mark.column + 1)
            value, item_size = self.build(item, child)
            result.append(value)
            size += item_size
        return result, size

    def _scalar(self, node: yaml.ScalarNode) -> object:
        tag, text = node.tag, node.value
        if tag in (_STR, _TIMESTAMP):  # dates stay text: versions and notes are text
            return text
        if tag == _NULL:
            return None
        if tag == _BOOL:
            lowered = text.lower()
            return lowered == "true" if lowered in ("true", "false") else text
        if tag == _INT:
            try:
                return int(text.replace("_", ""), 0)
            except ValueError:
                return text
        if tag == _FLOAT:
            word = _FLOAT_WORDS.get(text.lower())
            return word if word is not None else float(text.replace("_", ""))
        self._check_tag(node, _STR)
        return text


@dataclass
class LoadResult:
    """What loading one file gave: the taxonomy (None when it cannot be built) and
    every SCH finding on the way."""

    file: str
    text: str | None
    taxonomy: Taxonomy | None
    findings: list[Finding] = field(default_factory=list)
    positions: Positions = field(default_factory=Positions)

    @property
    def ok(self) -> bool:
        return self.taxonomy is not None

    def require(self) -> Taxonomy:
        """The taxonomy; :class:`TaxonomyError` naming the first problem when the file
        cannot be used (every finding rides along on the error)."""
        if self.taxonomy is not None:
            return self.taxonomy
        first = self.findings[0]
        more = len(self.findings) - 1
        suffix = f" (and {more} more; run `labelspec lint {self.file}`)" if more else ""
        raise TaxonomyError(
            f"{first.location}: {first.code} {first.message}{suffix}", list(self.findings)
        )


def _finding(
    file: str,
    code: str,
    message: str,
    position: tuple[int, int],
    labels: tuple[str, ...] = (),
    hint: str | None = None,
) -> Finding:
    return Finding(code, message, file, position[0], position[1], labels, hint)


def _decode(data: bytes, file: str) -> tuple[str | None, Finding | None]:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as error:
        before = data[: error.start]
        line = before.count(b"\n") + 1
        column = error.start - (before.rfind(b"\n") + 1) + 1
        message = f"the file is not valid UTF-8 (byte 0x{data[error.start]:02x})"
        return None, _finding(
            file, "SCH001", message, (line, column), hint="Save the file as UTF-8."
        )


def _yaml_error(error: yaml.YAMLError, text: str, file: str) -> Finding:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    position = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    problem = getattr(error, "problem", None) or str(error).splitlines()[0]
    context = getattr(error, "context", None)
    message = f"{context}: {problem}" if context else str(problem)
    if mark is not None and _char_at(text, mark.line, mark.column) == "\t":
        return _finding(
            file,
            "SCH001",
            "invalid YAML: a tab where YAML needs spaces",
            position,
            hint="Indent with spaces; YAML does not allow tabs.",
        )
    return _finding(file, "SCH001", f"invalid YAML: {message}", position)


def _char_at(text: str, line: int, column: int) -> str:
    lines = text.split("\n", line + 1)
    return lines[line][column : column + 1] if line < len(lines) else ""


def _clean_loc(loc: tuple[str | int, ...], data: object) -> NodePath:
    """Drop pydantic's union and validator tags from an error location, keeping the
    steps that exist in the data, so that the path can be looked up in Positions."""
    path: list[str | int] = []
    current = data
    for step in loc:
        if isinstance(current, dict) and step in current:
            current = current[step]
        elif isinstance(current, list) and isinstance(step, int) and 0 <= step < len(current):
            current = current[step]
        else:
            continue
        path.append(step)
    return tuple(path)


def _labels_of(path: NodePath) -> tuple[str, ...]:
    if len(path) >= 2 and path[0] == "labels":
        return (str(path[1]),)
    return ()


def _describe(path: NodePath) -> str:
    if len(path) >= 2 and path[0] == "labels":
        where = f"label '{path[1]}'"
        rest = path[2:]
    else:
        where, rest = "the taxonomy", path
    if rest:
        where += " at " + ".".join(str(step) for step in rest)
    return where


def _validation_findings(
    error: ValidationError, data: object, positions: Positions, file: str
) -> list[Finding]:
    findings = []
    reported: set[NodePath] = set()
    for problem in error.errors(include_url=False):
        path = _clean_loc(tuple(problem["loc"]), data)
        if path in reported:  # the other members of a union failing at the same place
            continue
        reported.add(path)
        labels = _labels_of(path)
        kind = problem["type"]
        if kind == "extra_forbidden":
            name = str(path[-1])
            candidates = field_names_at(path[:-1])
            close = difflib.get_close_matches(name, candidates, n=1, cutoff=0.6)
            hint = (
                f"did you mean '{close[0]}'?"
                if close
                else ("known fields: " + ", ".join(candidates) if candidates else None)
            )
            findings.append(
                _finding(
                    file,
                    "SCH003",
                    f"unknown field '{name}' in {_describe(path[:-1])}",
                    positions.find(path),
                    labels,
                    hint,
                )
            )
        elif kind == "missing":
            missing = str(problem["loc"][-1])
            findings.append(
                _finding(
                    file,
                    "SCH004",
                    f"missing required field '{missing}' in {_describe(path)}",
                    positions.find(path),
                    labels,
                )
            )
        else:
            message = str(problem["msg"]).removeprefix("Value error, ")
            findings.append(
                _finding(
                    file,
                    "SCH004",
                    f"invalid value in {_describe(path)}: {message}",
                    positions.value(path),
                    labels,
                )
            )
    return findings


def _compose(text: str, file: str) -> tuple[yaml.Node | None, Finding | None]:
    try:
        return yaml.compose(text, Loader=_YamlLoader), None
    except yaml.YAMLError as error:
        return None, _yaml_error(error, text, file)
    except (ValueError, RecursionError) as error:
        return None, _finding(file, "SCH001", f"invalid YAML: {error}", (1, 1))


def load_text(text: str, file: str = "<string>", expected_id: str | None = None) -> LoadResult:
    """Load a taxonomy from YAML text. Never raises for bad content: problems
    become findings, and ``taxonomy`` is None when the file cannot be used."""
    result = LoadResult(file=file, text=text, taxonomy=None)
    node, problem = _compose(text, file)
    if problem is not None:
        result.findings.append(problem)
        return result
    if node is None:
        result.findings.append(
            _finding(
                file,
                "SCH004",
                "the file is empty; a taxonomy is a mapping",
                (1, 1),
                hint="Start from `labelspec init` or the example in the README.",
            )
        )
        return result
    if not isinstance(node, yaml.MappingNode):
        kind = "a list" if isinstance(node, yaml.SequenceNode) else "a single value"
        result.findings.append(
            _finding(
                file,
                "SCH004",
                f"the top level is {kind}; a taxonomy is a mapping",
                _at(node),
                hint="Put taxonomy, title, version, task and labels at the top level.",
            )
        )
        return result
    constructor = _Constructor(result.positions)
    try:
        data, _ = constructor.build(node, ())
    except _Refused as refused:
        result.findings.append(
            _finding(file, refused.code, refused.message, (refused.line, refused.column))
        )
        return result
    for path, position in constructor.duplicates:
        result.findings.append(
            _finding(
                file,
                "SCH002",
                f"duplicate key '{path[-1]}' in {_describe(path[:-1])}",
                position,
                _labels_of(path),
                hint="Remove or rename one of the keys; YAML keeps only the last.",
            )
        )
    try:
        taxonomy = Taxonomy.model_validate(data)
    except ValidationError as error:
        result.findings.extend(_validation_findings(error, data, result.positions, file))
        return result
    taxonomy._attach(origin=file, positions=result.positions)
    result.taxonomy = taxonomy
    if expected_id is not None and taxonomy.taxonomy != expected_id:
        result.findings.append(
            _finding(
                file,
                "SCH006",
                f"taxonomy id '{taxonomy.taxonomy}' does not match the file name '{expected_id}.yaml'",
                result.positions.value(("taxonomy",)),
                hint=f"Rename the file to {taxonomy.taxonomy}.yaml or set `taxonomy: {expected_id}`.",
            )
        )
    return result


def read_text(path: Path, max_bytes: int = MAX_FILE_BYTES) -> str | Finding:
    """The file's text, or the SCH finding that stops it from being read."""
    file = str(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            return _finding(
                file,
                "SCH005",
                f"the file is {size / 2**20:.0f} MB; the limit is {max_bytes / 2**20:.0f} MB",
                (1, 1),
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a folder, not a taxonomy file") from None
    except OSError as error:
        raise InputError(f"{path}: cannot read: {error.strerror}") from None
    text, problem = _decode(data, file)
    return problem if problem is not None else text  # type: ignore[return-value]


def load_file(path: str | Path, display: str | None = None) -> LoadResult:
    """Load ``path``; findings name it as ``display`` (e.g. relative to the repo)."""
    path = Path(path)
    file = display if display is not None else str(path)
    text = read_text(path)
    if isinstance(text, Finding):
        return LoadResult(
            file=file,
            text=None,
            taxonomy=None,
            findings=[
                Finding(
                    text.code, text.message, file, text.line, text.column, text.labels, text.hint
                )
            ],
        )
    result = load_text(text, file=file, expected_id=path.stem)
    if result.taxonomy is not None:
        result.taxonomy._attach(source=path)
    return result
