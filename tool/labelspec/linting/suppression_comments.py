"""``# labelspec: ignore[CODE]`` comments, read from a file's text.

A suppression comment silences the findings with the listed codes that point to
its line; on a label's key line it silences them for every finding about that
label. Comments are found in the raw lines (YAML comments are not part of the
loaded data, and re-parsing the YAML would defeat the loader's single parse).
Guideline pages use an HTML comment, ``<!-- labelspec: ignore[GDL003] -->``.

A suppression that silences nothing, or one that cannot be read, is reported
(SUP001, SUP002): stale suppressions hide the next real problem on that line.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field

from labelspec.diagnostics import Finding

_YAML_COMMENT = re.compile(r"#\s*labelspec\s*:(?P<body>.*)$")
_MARKDOWN_COMMENT = re.compile(r"<!--\s*labelspec\s*:(?P<body>.*?)-->")
_IGNORE = re.compile(r"\s*ignore\s*(?:\[(?P<codes>[^\]]*)\])?")


@dataclass
class Suppression:
    """One comment: the codes it silences, where it is, and which codes it used."""

    line: int
    column: int
    codes: tuple[str, ...]
    used: set[str] = field(default_factory=set)


@dataclass
class FileSuppressions:
    """The suppressions of one file, and the problems found reading them."""

    file: str
    by_line: dict[int, Suppression] = field(default_factory=dict)
    label_lines: dict[str, int] = field(default_factory=dict)
    malformed: list[Finding] = field(default_factory=list)
    judge_unused: bool = True

    def silences(self, finding: Finding) -> bool:
        """Whether a comment silences ``finding``; marks the comment as used."""
        lines = [finding.line, *(self.label_lines.get(label, 0) for label in finding.labels)]
        silenced = False
        for line in lines:
            suppression = self.by_line.get(line)
            if suppression is not None and finding.code in suppression.codes:
                suppression.used.add(finding.code)
                silenced = True
        return silenced

    def unused(self, ran: Collection[str]) -> Iterable[Finding]:
        """SUP001 for each code that silenced nothing, among the codes that ran
        (a code that did not run could not have been used)."""
        if not self.judge_unused:
            return
        for suppression in self.by_line.values():
            for code in suppression.codes:
                if code in ran and code not in suppression.used:
                    yield Finding(
                        "SUP001",
                        f"suppression of {code} silences nothing",
                        self.file,
                        suppression.line,
                        suppression.column,
                        hint=f"Remove {code} from the comment.",
                    )


def _parse_body(
    body: str, line: int, column: int, file: str, known: Collection[str], into: FileSuppressions
) -> None:
    match = _IGNORE.match(body)
    codes_text = match.group("codes") if match else None
    if match is None or codes_text is None:
        into.malformed.append(
            Finding(
                "SUP002",
                "malformed suppression: expected `labelspec: ignore[CODE, ...]`",
                file,
                line,
                column,
                hint="List the codes to ignore in brackets, e.g. `# labelspec: ignore[NAM003]`.",
            )
        )
        return
    codes = tuple(code.strip() for code in codes_text.split(",") if code.strip())
    unknown = [code for code in codes if code not in known]
    if not codes or unknown:
        what = f"unknown rule code {', '.join(unknown)}" if unknown else "no rule codes"
        into.malformed.append(
            Finding(
                "SUP002",
                f"malformed suppression: {what}",
                file,
                line,
                column,
                hint="Name existing codes (see `labelspec rules`).",
            )
        )
    codes = tuple(code for code in codes if code in known)
    if codes:
        previous = into.by_line.get(line)
        merged = (*previous.codes, *codes) if previous else codes
        into.by_line[line] = Suppression(line, previous.column if previous else column, merged)


def _comment_start(line: str) -> int | None:
    """Index of the ``#`` that starts a YAML comment on ``line``, or None.

    A ``#`` inside a quoted scalar is text. Quotes open a scalar only at its
    start (after a space, ``[``, ``{`` or ``,``), so the apostrophe in a plain
    "driver's seat" does not hide the comment after it.
    """
    quote: str | None = None
    index = 0
    while index < len(line):
        char = line[index]
        if quote is None:
            if char == "#" and (index == 0 or line[index - 1].isspace()):
                return index
            if char in "'\"" and (index == 0 or line[index - 1] in " \t[{,:-"):
                quote = char
        elif quote == '"' and char == "\\":
            index += 1
        elif char == quote:
            if quote == "'" and line[index + 1 : index + 2] == "'":
                index += 1
            else:
                quote = None
        index += 1
    return None


def yaml_suppressions(
    text: str, file: str, known: Collection[str], label_lines: Mapping[str, int]
) -> FileSuppressions:
    """Suppressions in the comments of a taxonomy file's ``text``."""
    found = FileSuppressions(file, label_lines=dict(label_lines))
    for number, line in enumerate(text.splitlines(), start=1):
        if "labelspec" not in line:
            continue
        start = _comment_start(line)
        if start is None:
            continue
        match = _YAML_COMMENT.match(line, start)
        if match is not None:
            _parse_body(match.group("body"), number, start + 1, file, known, found)
    return found


def markdown_suppressions(text: str, file: str, known: Collection[str]) -> FileSuppressions:
    """Suppressions in the HTML comments of a guideline page's ``text``."""
    found = FileSuppressions(file)
    for number, line in enumerate(text.splitlines(), start=1):
        if "labelspec" not in line:
            continue
        for match in _MARKDOWN_COMMENT.finditer(line):
            _parse_body(match.group("body"), number, match.start() + 1, file, known, found)
    return found
