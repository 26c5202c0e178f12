"""What sits under one finding: its text, recommendations, questions and action-plan tables."""

import re

from .lines import (
    Line,
    _column_of,
    _is_tabbed_header,
    cell_items,
    is_heading,
    pick_for_action,
    strip_bullet,
)
from .proposal import ProposedAction, ProposedFinding
from .vocabulary import (
    DEADLINE_LIKE,
    END_REGION,
    FOOTNOTE,
    LABELLED,
    NARRATIVE_DEADLINE,
    QUESTIONS,
    RECOMMENDATIONS,
    SUBSECTION,
)


def _read_body(finding: ProposedFinding, body: list[Line], *, one_line_finding: bool):
    """Sort a finding's lines into its text, recommendations, questions and action plan."""
    mode = "response" if one_line_finding else "text"
    text_parts: list[str] = []
    responses: list[ProposedAction] = []
    index = 0
    while index < len(body):
        line = body[index]
        if FOOTNOTE.match(line.raw):
            index += 1
            continue
        if _is_tabbed_header(line.raw):
            index = _read_tabbed_table(finding, body, index + 1)
            mode = "after-table"
            continue
        if _column_of(line.text) == "measure" and "\t" not in line.raw:
            index = _read_column_layout(finding, body, index)
            mode = "after-table"
            continue
        if (
            is_heading(line)
            and RECOMMENDATIONS.match(line.text)
            or (RECOMMENDATIONS.match(line.text) and line.text.endswith(":"))
        ):
            mode = "recommendations"
        elif QUESTIONS.match(line.text) and line.words <= 6:
            mode = "questions"
        elif mode == "recommendations":
            _add_item(finding.recommendations, line)
        elif mode == "questions":
            if line.text.endswith("?") or not is_heading(line):
                _add_item(finding.questions, line, paragraphs=True)
            else:
                mode = "text"
                text_parts.append(line.text)
        elif mode == "response":
            _add_response_line(responses, line)
        elif mode == "text":
            text_parts.append(("- " + strip_bullet(line.text)) if line.is_bullet else line.text)
        index += 1
    if text_parts:
        joined = "\n".join(text_parts)
        finding.text = f"{finding.text}\n\n{joined}".strip() if finding.text else joined
    for paragraph in responses:
        finding.actions.extend(narrative_actions(paragraph.description, line=paragraph.line))


def _add_item(items: list[str], line: Line, *, paragraphs=False):
    """A bullet starts an item; a line that carries on a sentence joins the previous one."""
    text = strip_bullet(line.text)
    if items and not line.is_bullet and _continues(items[-1], text, line):
        items[-1] = f"{items[-1]} {text}".strip()
    elif text:
        items.append(text)


def _continues(previous: str, text: str, line: Line) -> bool:
    if text[:1].islower():
        return True
    if previous.endswith(("–", "-", ",", ";", ":")):
        return True
    return not line.blank_before and not previous.endswith((".", "?", "!"))


def _add_response_line(paragraphs: list[ProposedAction], line: Line):
    text = strip_bullet(line.text)
    if paragraphs and not line.is_bullet and _continues(paragraphs[-1].description, text, line):
        paragraphs[-1].description += " " + text
    else:
        paragraphs.append(ProposedAction(description=text, line=line.number))


SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z‘'“\"])")


def narrative_actions(paragraph: str, *, line=None) -> list[ProposedAction]:
    """A narrative response as actions: a sentence that names a date (“summer 2018”) is an
    action of its own, with that deadline; the sentences before it form one action."""
    actions, pending = [], []
    for sentence in SENTENCE_END.split(paragraph.strip()):
        deadline = NARRATIVE_DEADLINE.search(sentence)
        if deadline:
            if pending:
                actions.append(ProposedAction(description=" ".join(pending), line=line))
                pending = []
            actions.append(
                ProposedAction(description=sentence, deadline=deadline.group(), line=line)
            )
        else:
            pending.append(sentence)
    if pending:
        actions.append(ProposedAction(description=" ".join(pending), line=line))
    return actions


def _read_tabbed_table(finding: ProposedFinding, body: list[Line], index: int) -> int:
    """Rows after a tab-separated header: measure, actions, leads, deadline."""
    while index < len(body) and body[index].is_table_row:
        line = body[index]
        cells = line.raw.split("\t")
        cells += [""] * (4 - len(cells))
        measure, todo, leads, when = cells[0], cells[1], cells[2], "\t".join(cells[3:])
        _add_plan_row(
            finding,
            cell_items(measure),
            cell_items(todo),
            cell_items(leads),
            cell_items(when),
            line.number,
        )
        index += 1
    return index


def _read_column_layout(finding: ProposedFinding, body: list[Line], index: int) -> int:
    """The four column headings each on a line of their own, their content under them."""
    columns = {"measure": [], "do": [], "lead": [], "when": []}
    current = None
    order = []
    start = body[index].number
    while index < len(body):
        line = body[index]
        column = _column_of(line.text)
        if column:
            current = column
            order.append(column)
        elif (
            LABELLED.match(line.text)
            or SUBSECTION.match(line.text)
            or (
                is_heading(line)
                and (END_REGION.match(line.text) or RECOMMENDATIONS.match(line.text))
            )
        ) or current is None:
            break
        else:
            columns[current].append(line)
        index += 1
    if not any(columns.values()) or (
        order[:4] == ["measure", "do", "lead", "when"]
        and not any(columns[c] for c in ("measure", "do", "lead"))
    ):
        # Headings in a row with every cell after them (a PDF table read row by row).
        cells = columns["when"]
        bullets = [line for line in cells if line.is_bullet]
        first = cells.index(bullets[0]) if bullets else len(cells)
        last = cells.index(bullets[-1]) if bullets else len(cells) - 1
        columns = {
            "measure": cells[:first],
            "do": bullets,
            "lead": cells[last + 1 :],
            "when": [],
        }
        if columns["lead"] and DEADLINE_LIKE.search(columns["lead"][-1].text):
            columns["when"] = [columns["lead"].pop()]
    _add_plan_row(
        finding,
        [strip_bullet(line.text) for line in columns["measure"]],
        _items_of(columns["do"]),
        [strip_bullet(line.text) for line in columns["lead"]],
        [strip_bullet(line.text) for line in columns["when"]],
        start,
    )
    return index


def _items_of(lines: list[Line]) -> list[str]:
    items: list[str] = []
    for line in lines:
        _add_item(items, line)
    return items


def _add_plan_row(finding, measures, todo, leads, deadlines, line_number):
    if measures:
        measure = " ".join(measures)
        finding.success_measure = (
            f"{finding.success_measure}\n{measure}" if finding.success_measure else measure
        )
    for position, description in enumerate(todo):
        finding.actions.append(
            ProposedAction(
                description=description,
                lead=pick_for_action(leads, position, len(todo)),
                deadline=pick_for_action(deadlines, position, len(todo)),
                line=line_number,
            )
        )
