"""Action plans in any layout: tables read by their header in any column order, “Action: … Lead:
… By: …” blocks, and “action — lead — deadline” lines.

A header cell is given a column by the first of COLUMNS whose pattern it matches. A table is an
action plan when one column is the action; a table whose header names no action column is not
read (in an action-plan section the proposal says so and shows it to the admin: a column is never
guessed, so nothing shifts silently).
"""

import re
from dataclasses import dataclass, field

from .lines import cell_items, pick_for_action
from .proposal import ProposedAction

COLUMNS: list[tuple[str, re.Pattern]] = [
    (
        "measure",
        re.compile(
            r"how (?:will|would|do) we know|success|outcome|evidence|impact|measure|"
            r"difference|\bkpi|indicator|assurance",
            re.I,
        ),
    ),
    (
        "progress",
        re.compile(r"^(?:progress|status|rag|rag rating|update|current position)\b", re.I),
    ),
    (
        "lead",
        re.compile(
            r"\blead\b|who will|^who\b|owner|responsib|^by whom|agency|organisation|officer|"
            r"accountable|^named|^person",
            re.I,
        ),
    ),
    (
        "deadline",
        re.compile(
            r"by when|^when\b|deadline|timescale|time ?frame|target date|completion date|"
            r"^due\b|^date\b|^by\b|^target\b|timeline|complete by|expected|review date",
            re.I,
        ),
    ),
    (
        "ref",
        re.compile(r"^(?:finding|ref\.?|reference|rec\.?|recommendation|no\.?|#|number)\b", re.I),
    ),
    (
        "action",
        re.compile(
            r"action|what (?:are|will) we (?:going to )?do|what we will do|^what\b|task|"
            r"activit|intervention|^steps?\b|planned",
            re.I,
        ),
    ),
]


@dataclass
class PlanRow:
    action: ProposedAction
    ref: str = ""
    measure: str = ""


@dataclass
class ReadTable:
    rows: list[PlanRow] = field(default_factory=list)
    columns: list[str | None] = field(default_factory=list)
    understood: bool = False


def column_of(header: str) -> str | None:
    text = " ".join(cell_items(header)) or header
    for name, pattern in COLUMNS:
        if pattern.search(text):
            return name
    return None


# A column the header does not name is read by what its cells hold, when every cell agrees:
# dates (“31 May 2025”, “Q2 2025/26”, “ongoing”) are the deadline; sentences that begin with
# a verb of doing (“Audit …”, “Re-launch …”) the action; short names (“HBSAB Training Group”)
# the lead. A table no column of which can be read this way stays unread (said, not guessed).
DATE_CELL = re.compile(
    r"^(?:by |before |end of |the end of |by the end of )*(?:\d{1,2}(?:st|nd|rd|th)?[ /.-])?"
    r"(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?|spring|summer|autumn|"
    r"winter|q[1-4]|\d{1,2}[/.-])?\s*(?:19|20)\d\d(?:[/-]\d{2,4})?\b.{0,25}$|"
    r"^(?:ongoing|immediate(?:ly)?|complete[d]?|within \w+ (?:days?|weeks?|months?|years?))\b",
    re.I,
)
DOING = re.compile(
    r"^(?:re-?)?(?:add|agree|align|amend|arrange|audit|brief|build|carry|check|circulate|"
    r"commission|complete|conduct|consider|consult|create|deliver|design|develop|disseminate|"
    r"embed|engage|ensure|establish|evaluate|expand|extend|hold|identify|implement|improve|"
    r"include|introduce|issue|launch|monitor|offer|produce|promote|provide|publish|raise|"
    r"record|refresh|remind|replace|report|require|review|revise|roll|run|set|share|strengthen|test|train|"
    r"undertake|update|use|visit|write)\w*\b",
    re.I,
)


def _column_by_content(cells: list[str]) -> str | None:
    cells = [c.strip() for c in cells if c.strip()]
    if len(cells) < 2:
        return None
    if all(DATE_CELL.match(c) for c in cells):
        return "deadline"
    words = [len(c.split()) for c in cells]
    if all(DOING.match(c) for c in cells) and sum(words) / len(words) >= 4:
        return "action"
    if all(len(c.split()) <= 8 and c[:1].isupper() and not c.endswith(".") for c in cells):
        return "lead"
    return None


def _by_content(rows: list[list[str]], columns: list[str | None]) -> list[str | None]:
    """The columns the header left unnamed, read by their cells where that settles them."""
    guessed = list(columns)
    for index, name in enumerate(columns):
        if name is not None:
            continue
        kind = _column_by_content([row[index] for row in rows[1:] if index < len(row)])
        if kind and kind not in guessed:
            guessed[index] = kind
    # Short names are only the lead beside an action the cells themselves show.
    if "action" not in guessed:
        return columns
    return guessed


def _settled(rows: list[list[str]], columns: list[str | None]) -> list[str | None]:
    """A “Recommendation” column whose cells are sentences of doing, in a table with no action
    column, is the action; beside an owner or officer, an “Agency” column is not the lead."""
    columns = list(columns)
    if "action" not in columns and "ref" in columns:
        index = columns.index("ref")
        cells = [row[index].strip() for row in rows[1:] if index < len(row) and row[index].strip()]
        if cells and all(DOING.match(c) and len(c.split()) >= 4 for c in cells):
            columns[index] = "action"
    leads = [i for i, name in enumerate(columns) if name == "lead"]
    if len(leads) > 1:
        plain = [
            i
            for i in leads
            if re.fullmatch(r"\W*(?:agency|agencies|organisations?|partners?)\W*", rows[0][i], re.I)
        ]
        if len(plain) < len(leads):
            for i in plain:
                columns[i] = None
    return columns


def read_table(rows: list[list[str]], *, line: int) -> ReadTable:
    """An action-plan table: each row's action, lead, deadline, success measure and reference."""
    header = rows[0]
    columns = [column_of(cell) for cell in header]
    if None in columns:
        columns = _by_content(rows, columns)
    columns = _settled(rows, columns)
    # Two columns claiming the action: the later, plainer one is the action
    # (“Recommendation | Action”): the reference column is read first above.
    result = ReadTable(columns=columns)
    if "action" not in columns or not ({"lead", "deadline"} & set(columns)):
        return result
    result.understood = True
    for offset, row in enumerate(rows[1:], start=1):
        cells = dict.fromkeys(("action", "lead", "deadline", "measure", "ref", "progress"), "")
        for name, cell in zip(columns, row, strict=False):
            if name and not cells[name]:
                cells[name] = cell
        todo = cell_items(cells["action"])
        leads = cell_items(cells["lead"])
        deadlines = cell_items(cells["deadline"])
        for position, description in enumerate(todo):
            action = ProposedAction(
                description=description,
                lead=pick_for_action(leads, position, len(todo)),
                deadline=pick_for_action(deadlines, position, len(todo)),
                line=line + offset,
                status="complete"
                if re.match(r"complete|done|green", cells["progress"], re.I)
                else "",
            )
            result.rows.append(
                PlanRow(
                    action, ref=cells["ref"].strip(), measure=" ".join(cell_items(cells["measure"]))
                )
            )
    return result


FIELD = re.compile(
    r"^(?P<key>action|what|lead|lead agency|lead officer|who|owner|action owner|responsible|"
    r"by when|by|when|deadline|due|due date|target date|completion date|timescale|timeframe|"
    r"impact|measure|success measure|outcome|evidence|evidence of impact)\s*:\s*(?P<value>.+)$",
    re.I,
)
FIELD_NAMES = {
    "action": "action", "what": "action",
    "lead": "lead", "lead agency": "lead", "lead officer": "lead", "who": "lead",
    "owner": "lead", "action owner": "lead", "responsible": "lead",
    "by when": "deadline", "by": "deadline", "when": "deadline", "deadline": "deadline",
    "due": "deadline", "due date": "deadline", "target date": "deadline",
    "completion date": "deadline", "timescale": "deadline", "timeframe": "deadline",
    "impact": "measure", "measure": "measure", "success measure": "measure", "outcome": "measure",
    "evidence": "measure", "evidence of impact": "measure",
}  # fmt: skip
DASHED = re.compile(r"\s+[—–]\s+")
# “Do this (lead: X, by June 2025)”: the lead and the deadline in a closing bracket.
BRACKETED = re.compile(
    r"^(?P<action>.{12,}?)\s*\(\s*(?:lead|led by|owner|action owner|responsible|who)\s*:?\s+"
    r"(?P<lead>[^()]+?)(?:\s*[,;]\s*(?:by|due|deadline|target|by when)\s*:?\s+"
    r"(?P<deadline>[^(),;]+?))?\s*\)\s*[.;]?$",
    re.I,
)


def read_field_blocks(paragraphs: list[tuple[str, int]]) -> list[PlanRow]:
    """“Action: … / Lead: … / By: …” (or What/Who/When/Impact, “Action owner: … / Deadline:
    …”) blocks, their fields in any order: a field the open block already has starts the next
    block; and lines “action — lead — deadline” (an em or en dash between spaces)."""
    rows: list[PlanRow] = []
    current, filled = None, set()
    for text, line in paragraphs:
        match = FIELD.match(text)
        if match:
            name = FIELD_NAMES[match.group("key").lower()]
            value = match.group("value").strip()
            if current is None or name in filled:
                current, filled = PlanRow(ProposedAction(description="", line=line)), set()
                rows.append(current)
            filled.add(name)
            if name == "action":
                current.action.description = value
            elif name == "measure":
                current.measure = value
            else:
                setattr(current.action, name, value)
            continue
        if bracketed := BRACKETED.match(text):
            current = None
            action = ProposedAction(
                description=bracketed["action"].rstrip(" ,;:"),
                lead=bracketed["lead"].strip(),
                deadline=(bracketed["deadline"] or "").strip(),
                line=line,
            )
            rows.append(PlanRow(action))
            continue
        parts = DASHED.split(text)
        if len(parts) == 3 and all(parts):
            current = None
            rows.append(
                PlanRow(
                    ProposedAction(
                        description=parts[0], lead=parts[1], deadline=parts[2], line=line
                    )
                )
            )
    return [row for row in rows if row.action.description]
