"""Where findings start: labelled (“Finding 3:”), numbered sections (“3.5 …”) or headings under
a findings heading; the first scheme that finds at least two wins."""

import re
from dataclasses import dataclass

from .lines import is_heading, strip_bullet
from .vocabulary import (
    END_REGION,
    FINDINGS_REGION,
    FOOTNOTE,
    INTRO_OR_END,
    LABELLED,
    LABELS,
    QUESTIONS,
    RECOMMENDATIONS,
    SUBSECTION,
    TOP_SECTION,
)


@dataclass
class _Heading:
    index: int  # into lines
    label: str
    title: str
    text: str  # finding text given on the heading line itself
    kind: str
    section: str
    whole: bool = False  # a bullet or paragraph that is a finding itself: its body only carries on


def _finding_headings(lines):
    """The finding headings by the first scheme that finds at least two; and where regions end."""
    labelled = []
    for index, line in enumerate(lines):
        match = LABELLED.match(line.text)
        if match and _starts_block(lines, index) and not line.is_bullet:
            rest = match.group("rest").strip()
            word = match.group("word").lower()
            label = f"{match.group('word').strip().capitalize()} {match.group('num')}"
            one_line = _is_sentence(rest)
            labelled.append(
                _Heading(
                    index=index,
                    label=label,
                    title="" if one_line else rest.rstrip(":").strip(),
                    text=rest if one_line else "",
                    kind=LABELS.get(word, "finding"),
                    section="",
                )
            )
    if labelled:
        ends = [
            i for i, line in enumerate(lines) if is_heading(line) and END_REGION.match(line.text)
        ]
        return labelled, "labelled", ends

    numbered, ends, tops, part = [], [], [], ""
    for index, line in enumerate(lines):
        if not line.blank_before or line.is_bullet or "\t" in line.raw:
            continue
        sub = SUBSECTION.match(line.text)
        top = TOP_SECTION.match(line.text)
        if sub and line.words <= 20 and (line.words <= 8 or not sub.group("rest").endswith(".")):
            numbered.append(
                _Heading(
                    index=index,
                    label=sub.group("num"),
                    title=sub.group("rest").rstrip(":.").strip(),
                    text="",
                    kind="section",
                    section=part,
                )
            )
        elif top and line.words <= 10:
            part = line.text
            tops.append((index, top))
    if len(numbered) >= 2:
        # A top-level part is a finding too when it says something of its own before its first
        # sub-section (Surrey's “2 Identified child vulnerabilities and risks”); otherwise it
        # only names the part, and an introduction or conclusion is never a finding.
        starts = sorted([h.index for h in numbered] + [i for i, _ in tops])
        for index, top in tops:
            following = [s for s in starts if s > index]
            stop = following[0] if following else len(lines)
            prose = sum(
                len(line.text)
                for line in lines[index + 1 : stop]
                if not line.is_bullet and not FOOTNOTE.match(line.raw)
            )
            title = top.group("rest").rstrip(":.").strip()
            if prose >= 200 and not INTRO_OR_END.match(title):
                numbered.append(
                    _Heading(
                        index=index,
                        label=top.group("num"),
                        title=title,
                        text="",
                        kind="section",
                        section="",
                    )
                )
            else:
                ends.append(index)
        numbered.sort(key=lambda heading: heading.index)
    if len(numbered) >= 2:
        return numbered, "numbered", ends

    found, ends = _region_findings(lines)
    if len(found) >= 2:
        return found, "headings", ends
    return [], "none", []


def _region_findings(lines):
    """Findings under a “Findings” (“Key findings”, “Emerging issues”, “Lessons learnt”,
    “Background notes”) heading: each sub-heading is one, holding what follows it; where there
    is no sub-heading, each bullet is one (lower-case bullets, bullets of another glyph and the
    short items of a list a bullet introduces with “:” carry it on); under “Lessons learnt”
    each paragraph is one."""
    found, ends = [], []
    region = None  # the kind of finding while inside a region
    glyph = None
    under_heading = False
    current = ""
    sublist = False  # inside a list a bullet opened with “:”
    for index, line in enumerate(lines):
        if is_heading(line):
            if FINDINGS_REGION.match(line.text):
                region, glyph, under_heading, current = _region_kind(line.text), None, False, ""
                ends.append(index)
            elif (
                END_REGION.match(line.text)
                or RECOMMENDATIONS.match(line.text)
                or (QUESTIONS.match(line.text))
            ):
                region = None
                ends.append(index)
            elif region:
                found.append(_heading(index, title=line.text.rstrip(":"), kind=region))
                under_heading, current = True, ""
            continue
        if RECOMMENDATIONS.match(line.text) and line.text.endswith(":"):
            region = None
            ends.append(index)
            continue
        if region and _inline_heading(lines, index):
            found.append(_heading(index, title=line.text.rstrip(":"), kind=region))
            under_heading, current = True, ""
            continue
        if not region or under_heading:
            continue
        text = strip_bullet(line.text)
        if line.is_bullet:
            mark = line.raw.strip()[0]
            glyph = glyph or mark
            carries_on = current and (
                mark != glyph
                or (text[:1].islower() and not current.endswith((".", "?", "!")))
                or (sublist and line.words <= 20)
                or CARRIES_ON.match(text)
            )
            if carries_on:
                sublist = sublist or current.endswith(":")
                current = text
                continue
            if _bullet_heading(lines, index):
                found.append(_heading(index, title=text, kind=region))
                under_heading, current = True, ""
                continue
            found.append(_heading(index, text=text, kind=region, whole=True))
            current, sublist = text, text.endswith(":")
        elif region == "lesson" and line.words > 12:
            found.append(_heading(index, text=line.text, kind=region, whole=True))
            current, sublist = line.text, False
        elif current:
            current = line.text
    return found, ends


def _bullet_heading(lines, index) -> bool:
    """A short bullet without a sentence's end, followed by bullets: a heading set as a bullet."""
    line = lines[index]
    following = lines[index + 1] if index + 1 < len(lines) else None
    return (
        line.is_bullet
        and line.words <= 5
        and not strip_bullet(line.text).endswith((".", ":", ";"))
        and following is not None
        and following.is_bullet
    )


CARRIES_ON = re.compile(r"(?:therefore|this|these|however|and|but|or)\b", re.I)


def _inline_heading(lines, index) -> bool:
    """A short line between two bullets, without a sentence's end: a sub-heading whose blank
    lines were lost (text copied from a PDF)."""
    line = lines[index]
    if line.blank_before or line.is_bullet or index == 0 or index + 1 >= len(lines):
        return False
    return (
        lines[index - 1].is_bullet
        and lines[index + 1].is_bullet
        and line.words <= 5
        and line.text[:1].isupper()
        and not line.text.endswith((".", ",", ";"))
    )


def _heading(index, *, title="", text="", kind="finding", whole=False):
    return _Heading(
        index=index, label="", title=title, text=text, kind=kind, section="", whole=whole
    )


def _starts_block(lines, index) -> bool:
    """Blank line before, or (text from a PDF, which loses blank lines) a finished sentence."""
    if index == 0 or lines[index].blank_before:
        return True
    previous = lines[index - 1]
    return (
        previous.text.endswith((".", ":", "?", "!"))
        or previous.is_table_row
        or is_heading(previous)
    )


def _region_kind(heading: str) -> str:
    heading = heading.lower()
    if "emerging" in heading:
        return "emerging-issue"
    if "lesson" in heading:
        return "lesson"
    if "key finding" in heading:
        return "key-finding"
    if "learning" in heading:
        return "learning-point"
    return "finding"


def _is_sentence(rest: str) -> bool:
    return len(rest.split()) > 12 or rest.rstrip().endswith(".")
