"""Action plans in any layout: tables read by their header in any column order, “Action: … Lead:
… By: …” blocks, and “action — lead — deadline” lines.

A header cell is given a column by the first of COLUMNS whose pattern it matches. A table is an
action plan when one column is the action; a table whose header names no action column is not
read (in an action-plan section the proposal says so and shows it to the admin: a column is never
guessed, so nothing shifts silently).
"""

import re
from dataclasses import dataclass, field

from .lines import cell_items
from .proposal import ProposedAction

COLUMNS: list[tuple[str, re.Pattern]] = [
    (
        "measure",
        re.compile(
            r"how (?:will|would|do) we know|success|outcome|evidence|impact|measure|"
            r"difference",
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
            r"\blead\b|who will|^who\b|owner|responsib|^by whom|agency|organisation|officer",
            re.I,
        ),
    ),
    (
        "deadline",
        re.compile(
            r"by when|^when\b|deadline|timescale|time ?frame|target date|completion date|"
            r"^due\b|^date\b|^by\b",
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
            r"action|what (?:are|will) we (?:going to )?do|what we will do|^what\b|task", re.I
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


def read_table(rows: list[list[str]], *, line: int) -> ReadTable:
    """An action-plan table: each row's action, lead, deadline, success measure and reference."""
    header = rows[0]
    columns = [column_of(cell) for cell in header]
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
                lead=_pick(leads, position, len(todo)),
                deadline=_pick(deadlines, position, len(todo)),
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


def _pick(values: list[str], position: int, count: int) -> str:
    """One value per action where the counts match; a single value for all; else all of them."""
    if len(values) == count:
        return values[position]
    if len(set(values)) == 1:
        return values[0]
    return "; ".join(dict.fromkeys(values))


FIELD = re.compile(
    r"^(?P<key>action|what|lead|who|owner|by when|by|when|deadline|timescale|impact|measure|"
    r"success measure|outcome)\s*:\s*(?P<value>.+)$",
    re.I,
)
FIELD_NAMES = {
    "action": "action", "what": "action",
    "lead": "lead", "who": "lead", "owner": "lead",
    "by when": "deadline", "by": "deadline", "when": "deadline", "deadline": "deadline",
    "timescale": "deadline",
    "impact": "measure", "measure": "measure", "success measure": "measure", "outcome": "measure",
}  # fmt: skip
DASHED = re.compile(r"\s+[—–]\s+")


def read_field_blocks(paragraphs: list[tuple[str, int]]) -> list[PlanRow]:
    """“Action: … / Lead: … / By: …” (or What/Who/When/Impact) blocks: a new block at each
    action; and lines “action — lead — deadline” (an em or en dash between spaces)."""
    rows: list[PlanRow] = []
    current = None
    for text, line in paragraphs:
        match = FIELD.match(text)
        if match:
            name = FIELD_NAMES[match.group("key").lower()]
            value = match.group("value").strip()
            if name == "action" or current is None:
                current = PlanRow(ProposedAction(description="", line=line))
                rows.append(current)
            if name == "action":
                current.action.description = value
            elif name == "measure":
                current.measure = value
            else:
                setattr(current.action, name, value)
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
