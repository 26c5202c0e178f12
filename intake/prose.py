"""Recommendations written in running prose rather than under a heading: a sentence saying what
a review recommended (“The review recommended authoritative practice.”), a board told to seek
assurance (“The Partnership should seek assurance regarding …”), and the list that follows
“the following is recommended”. Found anywhere in the text; they only ever add to a proposal."""

import re

from core.text import comparable

_SENTENCE_END = r"(?:[.!?](?=[\s\"”’¹²³⁴⁵⁶⁷⁸⁹⁰]|$)|$)"
RECOMMENDED = re.compile(
    r"(?:^|(?<=[.!?”\"]\s)|(?<=^- ))"
    r"((?:The|One|This|Each|Another|A|An|Both|Two|Several) "
    r"(?:[\w'’-]+ ){0,3}?(?:review|reviews|report|SCR|LCSPR|panel|author)s? "
    r"(?:also |further )?recommend(?:ed|s)\b[^.!?\n]{3,600}" + _SENTENCE_END + ")",
    re.MULTILINE,
)
SEEK_ASSURANCE = re.compile(
    r"(?:^|(?<=[.!?”\"]\s)|(?<=^- ))"
    r"((?:The|This|Each) (?:[\w'’-]+ ){0,3}?(?:Partnership|Board|partners)\b[^.!?\n]{0,80}? "
    r"should (?:seek|obtain|gain|receive) assurance\b[^.!?\n]{3,600}" + _SENTENCE_END + ")",
    re.MULTILINE,
)
FOLLOWING = re.compile(
    r"\b(?:the following (?:is|are) recommended|we recommend the following|"
    r"the following recommendations? (?:is|are) made)\s*:?\s*$",
    re.IGNORECASE,
)
STOP = re.compile(r"^\s*(?:#+\s*)?(?:reflective )?questions?\b|^\s*(?:#+\s*)?reflect", re.I)
BULLET = re.compile(r"^\s*(?:[-•*–·▪◦●]|\d{1,2}[.)]|\(?[a-z][.)])\s+(.*\S)")
MAX_LIST_LINES = 40


def _listed_after(lines, start):
    """The items of the list below line `start`, passing over short sub-headings."""
    items = []
    for number in range(start + 1, min(len(lines), start + 1 + MAX_LIST_LINES)):
        line = lines[number].strip()
        if not line:
            continue
        if STOP.match(line):
            break
        if match := BULLET.match(line):
            items.append((number + 1, match.group(1)))
        elif len(line.split()) > 12 and items:
            break  # a paragraph: the list is over
    return items


def prose_recommendations(text):
    """[(line number, recommendation)] found in running prose, in the order of the text."""
    lines = text.split("\n")
    found = []
    for number, line in enumerate(lines):
        for pattern in (RECOMMENDED, SEEK_ASSURANCE):
            for match in pattern.finditer(line):
                found.append((number + 1, match.group(1).strip()))
        if FOLLOWING.search(line):
            found.extend(_listed_after(lines, number))
    return found


def add_prose_recommendations(proposal, text):
    """Add what `prose_recommendations` finds and the proposal lacks: under the finding whose
    lines hold it, else review-wide."""
    have = {comparable(item) for item in proposal.all_recommendations}
    for line, recommendation in prose_recommendations(text):
        key = comparable(recommendation)
        if not key or any(key in known or known in key for known in have if known):
            continue
        have.add(key)
        home = next(
            (
                finding
                for finding in proposal.findings
                if finding.line_start
                and finding.line_end
                and finding.line_start <= line <= finding.line_end
            ),
            None,
        )
        (home.recommendations if home else proposal.recommendations).append(recommendation)
