"""One relabel run: the plan, the outputs and the accounting that every format
shares. A format module reads its records and, per record, asks :class:`Run` what
each label becomes; the run keeps the books: formats never touch the counts of
the :class:`~labelspec.relabeling.report.RelabelReport` themselves."""

from __future__ import annotations

import gc
from collections.abc import Callable, Container, Hashable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from labelspec.relabeling.outputs import Outputs
from labelspec.relabeling.plan import Outcome, RelabelPlan, Review, Style
from labelspec.relabeling.report import Fate, RelabelReport

Progress = Callable[[int, int], None]
"""Called now and then with (units done, units in total), e.g. bytes read."""

Attributes = Mapping[str, object] | None
Key = TypeVar("Key", bound=Hashable)


class MalformedRecord(Exception):
    """A record whose shape the format (or its ``--field``) does not fit; the
    record goes to the rejects file with this message and the run goes on."""


@dataclass
class RecordLabels:
    """The decisions taken for the label occurrences of one record."""

    fates: list[tuple[str, Fate]] = field(default_factory=list)
    reviews: list[Review] = field(default_factory=list)
    # Set by a format when the record changes beyond its labels' fates, e.g. a
    # duplicate label removed from a multi-label field.
    modified: bool = False

    @property
    def needs_review(self) -> bool:
        return bool(self.reviews)

    @property
    def changed(self) -> bool:
        return self.modified or any(fate is not Fate.UNCHANGED for _, fate in self.fates)


@dataclass
class Options:
    """How the data names its labels and where they are (format-specific use)."""

    field: str | None = None
    separator: str | None = None
    style: Style = "id"
    header: bool = True


@dataclass
class Run:
    """The state of one run, handed to a format's ``relabel_file``."""

    source: Path
    plan: RelabelPlan
    report: RelabelReport
    outputs: Outputs
    options: Options
    progress: Progress | None = None

    def warn(self, message: str) -> None:
        self.report.warnings.append(message)

    # ---- per occurrence ---------------------------------------------------------

    def relabel(
        self,
        record: RecordLabels,
        token: str,
        attributes: Attributes = None,
        single: bool = False,
        style: Style | None = None,
    ) -> list[str]:
        """The tokens that replace ``token`` (empty when dropped; the token itself
        when the record needs review). Raises UnknownLabel for a token the old
        version does not have."""
        outcome, used = self.plan.resolve(token, style or self.options.style)
        return self.apply(record, outcome, used, token, attributes, single)

    def relabel_list(
        self, record: RecordLabels, tokens: list[str], attributes: Attributes = None
    ) -> list[str]:
        """A multi-label list relabelled token by token; labels merged into one
        keep their first place and appear once."""
        new: list[str] = []
        for token in tokens:
            for written in self.relabel(record, token, attributes):
                if written not in new:
                    new.append(written)
        return new

    def apply(
        self,
        record: RecordLabels,
        outcome: Outcome,
        style: Style,
        token: str,
        attributes: Attributes = None,
        single: bool = False,
    ) -> list[str]:
        decision = self.plan.decide(outcome, attributes)
        if decision is None:
            record.fates.append((outcome.label, Fate.DROPPED))
            return []
        if isinstance(decision, Review):
            record.reviews.append(decision)
            record.fates.append((outcome.label, Fate.REVIEW))
            return [token]
        if single and len(decision) != 1:
            # Several certain targets only fit a field that holds several labels.
            record.reviews.append(Review(outcome.label, decision, "split"))
            record.fates.append((outcome.label, Fate.REVIEW))
            return [token]
        new = [self.plan.spell(target, style) for target in decision]
        record.fates.append((outcome.label, Fate.UNCHANGED if new == [token] else Fate.CHANGED))
        return new

    # ---- per record ---------------------------------------------------------------

    def count_read(self, count: int = 1) -> None:
        """Count records where they are parsed, apart from where they go, so that
        :meth:`RelabelReport.check` compares two independent counts."""
        self.report.read += count

    def written(self, record: RecordLabels) -> None:
        """Book a record that went to the output."""
        self.report.written += 1
        if record.changed:
            self.report.changed += 1
        self._tally(record)

    def to_review(
        self, record: RecordLabels, line: int, data: object, source: str | None = None
    ) -> None:
        """Send a record to the review file, with every decision it waits for;
        ``source`` names the file where the input is a folder."""
        decisions = [review.to_json() for review in record.reviews]
        self.outputs.review.add(line, decisions, data, source)
        self.report.review += 1
        for label, _ in record.fates:
            self.report.tally(label).add(Fate.REVIEW)

    def dropped(self, record: RecordLabels) -> None:
        """Book a record left out on purpose (``on_removed="drop"``)."""
        self.report.dropped += 1
        self._tally(record)

    def _tally(self, record: RecordLabels) -> None:
        for label, fate in record.fates:
            self.report.tally(label).add(fate)

    def reject(
        self,
        line: int,
        error: str,
        data: object,
        token: str | None = None,
        source: str | None = None,
    ) -> None:
        """Send a malformed record, or one with a label the old version lacks, to
        the rejects file; the run goes on."""
        self.outputs.rejects.add(line, error, data, source)
        self.report.rejected += 1
        if token is not None:
            self.report.reject_token(token)

    # ---- in bulk -----------------------------------------------------------------

    def book_fast(
        self,
        written: Mapping[Key, int],
        labels: Mapping[Key, str],
        changed: Container[Key],
        reviewed: Mapping[Key, int] | None = None,
    ) -> None:
        """Book the records a format's fast path wrote or sent to review without
        a :class:`RecordLabels`, counted per key (a token, a category number).

        ``labels`` gives each key's old label and ``changed`` holds the keys whose
        records were rewritten. On a fast path the key alone fixes a record's
        fate, so counting keys suffices and nothing is booked per record.
        """
        report = self.report
        for key, count in (reviewed or {}).items():
            report.review += count
            report.tally(labels[key]).add(Fate.REVIEW, count)
        for key, count in written.items():
            report.written += count
            if key in changed:
                report.changed += count
                report.tally(labels[key]).add(Fate.CHANGED, count)
            else:
                report.tally(labels[key]).add(Fate.UNCHANGED, count)


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a whole document is in memory.

    A COCO or Label Studio file becomes millions of small containers without
    cycles; every few thousand allocations the collector would walk them all
    again, which costs more than the relabelling itself. Reference counting
    still frees everything.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
