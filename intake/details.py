"""The review as a whole: name, kind, year, period, family and the board that published it."""

import re

from .deadlines import read_deadline
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


# --- review details by the document's own statements (reader.py) ------------------------------

BOARD = re.compile(
    r"(?P<name>(?:[A-Z][\w'’-]{1,30} +(?:(?:and|&) +)?){1,4}(?:Local +|Regional +)?"
    r"(?:(?:Children['’]?s +)?Safeguarding +(?:Children(?:['’]s)? +|Adults +)?(?:Partnership|Board)|"
    r"Community +Safety +Partnership|Child +Safeguarding +(?:Practice +)?Review +Panel|"
    r"Safeguarding +Review +Panel))(?![\w'’])(?: *\((?P<abbr>[A-Z]{2,8})\))?"
)
# A review's name: Child Q, Family W, Baby H, Sibling Group K, Family 'E', Infant R.
REVIEW_NAME = re.compile(
    r"\b(?:Family|Baby|Child|Children|Infant|Sibling Group|Young Person|Adult|Mr|Mrs|Ms|Miss)"
    r"\.?\s+"
    r"(?:[A-Z]{1,3}\d{0,3}\b(?![a-z'’])|['‘\"“][A-Z][\w ]{0,20}['’\"”])"
)
NOT_A_NAME = re.compile(r"^(?:The|This|A|An|Our|In|By|Of|From|Practice|Bulletin)\s+", re.I)
REVIEW_KINDS = [
    ("dhr", r"domestic homicide review|domestic abuse related death review|\bDHR\b|\bDARDR\b"),
    ("sar", r"safeguarding adults? review|adult practice review|\bSAR\b"),
    ("cpr", r"child practice review|\bCPR\b"),
    ("thematic", r"\bthematic\b"),
    ("national", r"\bnational (?:analysis|review)|review panel\b"),
    ("rapid", r"\brapid review"),
    ("lcspr", r"(?:local )?child safeguarding practice review(?! panel)|\bLCSPR\b"),
    ("scr", r"serious case review|\bSCR\b"),
    ("imr", r"internal management review|\bIMR\b"),
    ("partnership", r"\b(?:learning|partnership) review\b"),
    ("lcspr", r"\bpractice review\b"),
]
KIND_PATTERN = re.compile(
    "|".join(f"(?P<{k}{i}>{p})" for i, (k, p) in enumerate(REVIEW_KINDS)), re.I
)
MONTH = (
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*|spring|summer|autumn|winter"
)
PUBLISHED = [
    re.compile(
        rf"\bpublished\b[^.]{{0,160}}?\b(?P<date>(?:\d{{1,2}}\s+)?(?:{MONTH})?\s*(?P<year>(?:19|20)\d\d))\b",
        re.I,
    ),
    re.compile(
        r"\b(?:date of publication|publication date|date of (?:this )?(?:summary|briefing|report)|"
        r"date of issue|issue date|issued|"
        r"^date)\s*:\s*(?P<date>[^\n]{0,20}?(?P<year>(?:19|20)\d\d))\b",
        re.I | re.M,
    ),
    # A labelled date in the head: “Summary agreed by the Executive: 12 June 2025”.
    re.compile(
        r"^[^:\n]{0,60}\b(?:agreed|approved|signed off|published|updated|issued|held|completed)"
        rf"\b[^:\n]{{0,40}}:\s*(?P<date>(?:\d{{1,2}}\s+)?(?:{MONTH})\s+(?P<year>(?:19|20)\d\d))\s*$",
        re.I | re.M,
    ),
    re.compile(
        rf"(?:^|[|–—-]\s*)(?P<date>(?:\d{{1,2}}\s+)?(?:{MONTH})\s+(?P<year>(?:19|20)\d\d))\s*\**$",
        re.I | re.M,
    ),
]
# The last resort: when the review was held or completed (“held a rapid review in March 2025”).
HELD = re.compile(
    r"\b(?:held|completed|concluded|carried out|undertook|undertaken|met)\b[^.]{0,80}?"
    r"\b(?:in|on)\s+(?:\d{1,2}\s+)?(?:[A-Z][a-z]+\s+)?(?P<year>(?:19|20)\d\d)\b"
)
NAMED = [
    re.compile(
        r"(?i:review|brief(?:ing)?|summary)\s*(?:[:–—-]|(?i:into the death of|about))\s*['‘\"“](?P<name>[A-Z][\w' -]{1,40})['’\"”]"
    ),
    re.compile(r"(?:^|:\s*)(?P<name>[A-Z][a-z]{2,20})(?::\s*an?\b[^\n]{0,40}review|\s*$)", re.M),
    re.compile(
        r"(?:Review|Summary|Brief(?:ing)?)\s*(?:[:–—-]|into the death of)\s*(?P<name>[A-Z][a-z]{2,20})\s*$",
        re.M,
    ),
]


def review_details(proposal: Proposal, opening: str, *, whole: str, document: str = ""):
    """Name, board, kind and publication year of the review a part of a document is about.
    `document` is the whole document where `opening` is one review's part of it: a board
    that the part names only by its abbreviation is found there."""
    # Table rows hold deadlines and “published” guidance: never the review's own date.
    rows = [line for line in opening.split("\n") if "\t" not in line and line[:1] != "|"]
    head = "\n".join(line.title() if line.isupper() else line for line in rows[:60])
    head = re.sub(r"\*\*|__|^#{1,6}\s*", "", head, flags=re.M)
    lines = [line.strip() for line in head.split("\n") if line.strip()]
    proposal.title = lines[0][:300] if lines else ""
    footer = "\n".join(rows[-6:]) if len(rows) > 60 and not document else ""
    _board(proposal, head, whole, document)
    if not proposal.board_name and footer:
        _board(proposal, footer, whole, "")
    kind = KIND_PATTERN.search(head[:1500])
    if kind:
        proposal.kind = kind.lastgroup.rstrip("0123456789")
    family = REVIEW_NAME.search(head[:1500])
    named = next((m for p in NAMED if (m := p.search(head[:1500]))), None)
    if family and proposal.kind not in ("thematic", "national"):
        proposal.family_pseudonym = re.sub(r"[‘’“”]", "'", family.group()).strip()
        proposal.review_name = proposal.family_pseudonym
    elif named and proposal.kind not in ("thematic", "national"):
        proposal.review_name = named.group("name").strip()
    else:
        title = re.sub(
            r"^thematic (?:review|analysis|briefing)(?:\s*:\s*|\s+(?:of|into|on)\s+)",
            "",
            proposal.title,
            flags=re.I,
        )
        if proposal.kind == "national" and len(lines) > 1 and lines[1][:1].islower():
            title = f"{title} {lines[1]}"
        proposal.review_name = (title[:1].upper() + title[1:])[:200]
    # The date the head states, else a footer's (“Brackenfield … Partnership - September 2024”).
    for pattern in PUBLISHED:
        if match := pattern.search(head):
            proposal.year = int(match.group("year"))
            proposal.published = read_deadline(match.group("date")).date
            break
    else:
        if footer and (match := PUBLISHED[-1].search(footer)):
            proposal.year = int(match.group("year"))
            proposal.published = read_deadline(match.group("date")).date
        else:
            _fallback_year(whole, proposal)
    if proposal.year is None and (held := HELD.search(head)):
        proposal.year = int(held.group("year"))
    period = PERIOD.search(whole)
    if period:
        proposal.practice_period = f"{period.group(1)} – {period.group(2)}"


def _board(proposal: Proposal, head: str, whole: str, document: str):
    """The first board the head names in full; else the board whose abbreviation it uses, as
    the whole document names it (“The HBSCP held a rapid review …”)."""
    for board in BOARD.finditer(head):
        name = NOT_A_NAME.sub("", board.group("name").strip())
        name = NOT_A_NAME.sub("", name)
        proposal.board_name = " ".join(name.split())
        proposal.board_abbreviation = board.group("abbr") or _abbreviation(name, whole)
        return
    named = {}
    for board in BOARD.finditer(re.sub(r"\s*\n\s*", " ", document[:20000])):  # names wrap
        name = " ".join(NOT_A_NAME.sub("", board.group("name").strip()).split())
        if abbreviation := board.group("abbr") or _abbreviation(name, document):
            named.setdefault(abbreviation, name)
    mentions = [(m.start(), m.group()) for a in named if (m := re.search(rf"\b{a}\b", head))]
    if mentions:
        abbreviation = min(mentions)[1]
        proposal.board_name, proposal.board_abbreviation = named[abbreviation], abbreviation


def _uncapitalised(line: str) -> str:
    """A line in capitals in title case, abbreviations in brackets kept: “CHILD S” → “Child S”."""
    if not line.isupper():
        return line
    return " ".join(
        word if word.startswith("(") or len(word) == 1 else word.capitalize()
        for word in line.split(" ")
    )


def _abbreviation(name: str, text: str) -> str:
    """The board's initials (“and”, “of”, “the” left out), where the text uses them."""
    initials = "".join(w[0] for w in name.split() if w.lower() not in ("and", "of", "the", "&"))
    return initials if len(initials) >= 2 and re.search(rf"\b{initials}\b", text) else ""


def _fallback_year(text: str, proposal: Proposal):
    prose = NARRATIVE_DEADLINE.sub(" ", text)
    prose = re.sub(r"Working Together(?: to Safeguard Children)? \d{4}", " ", prose, flags=re.I)
    years = [int(y) for y in YEAR.findall(prose)]
    if years:
        proposal.year = max(years)
