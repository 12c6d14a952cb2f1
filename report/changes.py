"""The report's short text: the main changes of the key figures, in words.

Each sentence compares two shown (protected) values of one indicator of the key-figure table: the
period against the previous period of the same length, or the first year of the period against the
last. "De verlengingsgraad van crisishulp aan huis steeg in Antwerpen van 3,9 % in 2019–2021 tot
5,1 % in 2022–2024 (Vlaanderen: van 4,0 % tot 4,6 %)." The largest changes come first; what barely
moved is named in one sentence, and what cannot be compared because the protection hides it is
said, never guessed. "Geen duidelijke verandering" is a move smaller than what rounding to 5 can
cause (under 1 percentage point, or under 2 % and at most 5 for a count). Only values the table
shows are used, written the way the table writes them.
"""

from __future__ import annotations

from dataclasses import dataclass

from present import i18n
from queries import disclosure
from report.model import KeyBlock, KeyRow, ReportRequest, Value

# How many change sentences per area: one region gets the room, several share it.
MAX_SENTENCES = {1: 5, 2: 3, 3: 2}
# Below these a change is 'no clear change': two counts rounded to 5 can differ by up to 4 by
# rounding alone, and a percentage of rounded counts moves by a point or so.
STABLE_RELATIVE = 0.02
STABLE_PCT_POINTS = {disclosure.PUBLIC: 1.0, disclosure.EXACT: 0.5}


@dataclass(frozen=True)
class Change:
    """One indicator's change in one area between the two columns of its block."""

    row: KeyRow
    block: KeyBlock
    before: Value
    now: Value

    @property
    def delta(self) -> float:
        return float(self.now.number) - float(self.before.number)  # type: ignore[arg-type]

    @property
    def salience(self) -> float:
        """How large the change reads: the relative change (a rate going from 3,7 % to 4,7 % moved
        by a quarter, as a count going from 400 to 500)."""
        return abs(self.delta) / max(abs(float(self.before.number)), 1.0)  # type: ignore[arg-type]

    def stable(self, mode: str) -> bool:
        """Whether the change is within what rounding alone could do (or under 2 %)."""
        if self.row.kind == "pct":
            return abs(self.delta) < STABLE_PCT_POINTS[mode]
        slack = disclosure.ROUNDING_BASE if mode == disclosure.PUBLIC else 0
        return abs(self.delta) <= max(STABLE_RELATIVE * float(self.before.number), slack)  # type: ignore[arg-type]


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def sentences(request: ReportRequest, blocks: tuple[KeyBlock, ...]) -> list[str]:
    """The change sentences for every selected region (for Flanders when none is selected)."""
    lang = request.lang
    areas = request.regions or ("VL",)
    limit = MAX_SENTENCES.get(len(areas), 2)
    comparable = [b for b in blocks if b.before_label is not None]
    if not comparable:
        return [i18n.text("no_changes", lang)]
    out: list[str] = []
    for area in areas:
        area_name = i18n.name(i18n.REGION_NAMES, area, lang)
        moved: list[Change] = []
        # Nearly unchanged indicators, grouped by the two periods compared. With a one-year period
        # both blocks compare the same two years: an indicator in both is named once.
        stable: dict[tuple[str, str], list[Change]] = {}
        hidden: list[str] = []
        seen: set[tuple[str, str, str]] = set()
        for block in comparable:
            for row in block.rows:
                before, now = row.values[area]
                if row.subject is None or before is None or not (before.present and now.present):
                    continue
                mark = (row.subject, str(block.before_label), block.now_label)
                if mark in seen:
                    continue
                seen.add(mark)
                if not (before.shown and now.shown):
                    hidden.append(_lower_first(row.subject))
                    continue
                change = Change(row, block, before, now)
                if change.stable(request.mode):
                    stable.setdefault((str(block.before_label), block.now_label), []).append(change)
                else:
                    moved.append(change)
        moved.sort(key=lambda c: -c.salience)
        for change in moved[:limit]:
            out.append(_sentence(change, area, area_name, lang))
        for (t1, t2), group in stable.items():
            out.append(
                i18n.text(
                    "stable_sentence",
                    lang,
                    area=area_name,
                    t1=t1,
                    t2=t2,
                    items=i18n.join([_lower_first(str(c.row.subject)) for c in group], lang),
                )
            )
        if hidden:
            out.append(i18n.text("hidden_sentence", lang, area=area_name, items=i18n.join(hidden, lang)))
    return out


def _sentence(change: Change, area: str, area_name: str, lang: str) -> str:
    reference = ""
    if area != "VL":
        before, now = change.row.values["VL"]
        if before is not None:
            reference = i18n.text("change_reference", lang, before=before.text(lang), now=now.text(lang))
    return i18n.text(
        "change_sentence",
        lang,
        subject=change.row.subject,
        verb=i18n.text("rose" if change.delta > 0 else "fell", lang),
        area=area_name,
        before=change.before.text(lang),
        t1=change.block.before_label,
        now=change.now.text(lang),
        t2=change.block.now_label,
        reference=reference,
    )
