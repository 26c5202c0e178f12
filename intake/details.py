"""The review as a whole: name, kind, year, period, family and the board that published it."""

import re

from .lines import Line, is_heading
from .proposal import Proposal
from .vocabulary import FAMILY_NAME, KINDS, NARRATIVE_DEADLINE, PERIOD, YEAR


def _review_details(text: str, lines: list[Line], proposal: Proposal):
    head = lines[:40]
    proposal.title = head[0].text[:300] if head else ""
    opening = "\n".join(line.text for line in head)
    for kind, pattern in KINDS:
        if pattern.search(opening if kind != "thematic" else text[:20000]):
            proposal.kind = kind
            break
    family = FAMILY_NAME.search(opening)
    if family and proposal.kind not in ("thematic", "national"):
        proposal.family_pseudonym = re.sub(r"[‘’“”]", "'", family.group()).strip()
        proposal.review_name = proposal.family_pseudonym
    else:
        proposal.review_name = proposal.title[:200]
    # The latest year the text names, leaving out deadlines (“summer 2018”, table rows) and
    # guidance titles (“Working Together 2015”): those are not when the review was done.
    prose = "\n".join(line.text for line in lines if not line.is_table_row)
    prose = NARRATIVE_DEADLINE.sub(" ", prose)
    prose = re.sub(r"Working Together(?: to Safeguard Children)? \d{4}", " ", prose, flags=re.I)
    years = [int(y) for y in YEAR.findall(prose)]
    if years:
        proposal.year = max(years)
    period = PERIOD.search(text)
    if period:
        proposal.practice_period = f"{period.group(1)} – {period.group(2)}"
    for line in head:
        if re.search(r"\baged\s+\d|\bchildren:|\bsiblings?\b", line.text) and not is_heading(line):
            sentence = re.split(r"(?<=[.)])\s+(?=[A-Z])", line.text)[0]
            proposal.family_children = sentence
            break
    background = next(
        (
            i
            for i, line in enumerate(head)
            if is_heading(line) and line.text.lower().startswith("background")
        ),
        None,
    )
    if background is not None:
        paragraphs = []
        for line in lines[background + 1 :]:
            if is_heading(line):
                break
            paragraphs.append(line.text)
        proposal.family_circumstances = "\n\n".join(paragraphs)


def guess_board(text: str, boards) -> object | None:
    """The board the text names most (full name, area, or an abbreviation no other board shares)."""
    opening = text[:20000]
    abbreviations = {}
    for board in boards:
        if board.abbreviation:
            abbreviations.setdefault(board.abbreviation.lower(), []).append(board)
    best, best_score = None, 0
    for board in boards:
        names = [board.name, board.area]
        if board.abbreviation and len(abbreviations[board.abbreviation.lower()]) == 1:
            names.append(board.abbreviation)
        score = sum(
            3 if name == board.name else 1
            for name in names
            if name
            for _ in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", opening, re.IGNORECASE)
        )
        if score > best_score:
            best, best_score = board, score
    return best
