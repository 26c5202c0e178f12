"""Read a briefing by its sections: blocks (document.py) → sections by meaning (sections.py) →
findings, recommendations, action plans (tables.py) and questions, one proposal per review.

`read_sections(text)` returns the proposals, or [] when the text has no findings section the
vocabulary knows; the parser then falls back on its line-based schemes (schemes.py), which read
the layouts of the five source briefings.
"""

import re

from .details import KIND_PATTERN, REVIEW_NAME, review_details
from .document import Block, read_blocks
from .proposal import Proposal, ProposedFinding
from .sections import normal_heading, role_of
from .tables import read_field_blocks, read_table

READ = ("findings", "recommendations", "actions", "questions")


def read_sections(text: str) -> list[Proposal]:
    blocks = _drop_contents(read_blocks(text))
    parts = _parts(blocks)
    lines = text.split("\n")
    proposals = []
    for start, stop, own in parts:
        part = blocks[start:stop]
        if not part:
            continue
        proposal = Proposal()
        last = blocks[stop].line - 1 if stop < len(blocks) else len(lines)
        # A bulletin's part is read from its own heading on (the first part's preamble names
        # the bulletin and every review in it); a single review from the top.
        if len(parts) == 1:
            review_details(proposal, "\n".join(lines[:last]), whole=text)
        else:
            opening = "\n".join(lines[blocks[own].line - 1 : last])
            review_details(proposal, opening, whole=opening, document=text)
        _read_part(part, proposal)
        proposals.append(proposal)
    found = [p for p in proposals if p.findings]
    return found if found else []


def _drop_contents(blocks: list[Block]) -> list[Block]:
    """A contents list's entries are not headings: drop them, up to the first entry repeated
    (the real heading) or the first long block."""
    kept, index = [], 0
    while index < len(blocks):
        block = blocks[index]
        kept.append(block)
        index += 1
        if block.kind != "heading" or role_of(block.text) != "contents":
            continue
        seen = set()
        while index < len(blocks):
            entry = blocks[index]
            key = normal_heading(entry.text)
            if entry.kind == "table" or entry.words > 12 or key in seen:
                break
            seen.add(key)
            index += 1
    return kept


def _parts(blocks: list[Block]) -> list[tuple[int, int, int]]:
    """Where a document carrying several reviews (a bulletin) divides: at headings that name a
    review (“Learning from the Child M review”, “Part one: Safeguarding Adults Review —
    ‘Margaret’”), when each is followed by its own findings. Each part: its first block, the
    block after its last, and its own heading."""
    heads = [
        i
        for i, b in enumerate(blocks)
        if b.kind == "heading"
        and role_of(b.text) is None
        and (REVIEW_NAME.search(_title_case(b.text)) or KIND_PATTERN.search(b.text))
        and b.level <= 2
    ]
    starts = []
    for position, head in enumerate(heads):
        stop = heads[position + 1] if position + 1 < len(heads) else len(blocks)
        if any(
            b.kind == "heading" and role_of(b.text) == "findings" for b in blocks[head + 1 : stop]
        ):
            starts.append(head)
    if len(starts) < 2:
        return [(0, len(blocks), 0)]
    bounds = [0, *starts[1:], len(blocks)]
    return list(zip(bounds[:-1], bounds[1:], starts, strict=True))


def _title_case(text: str) -> str:
    return (
        " ".join(w if len(w) == 1 else w.capitalize() for w in text.split())
        if text.isupper()
        else text
    )


def _read_part(blocks: list[Block], proposal: Proposal):
    role, level, capitals, number = None, 0, False, ""
    sections: dict[str, list[list[Block]]] = {name: [] for name in READ}
    for block in blocks:
        if block.kind == "heading":
            found = role_of(block.text)
            if role in READ and number and _numbered(block).startswith(f"{number}."):
                found = None  # “3.4 The voice of the child” under “3. Learning themes”: its own
            if found is None and role in READ and not sections[role][-1] and block.words > 8:
                # A long line straight under a section's heading introduces the section
                # (“In order to promote the learning … the following were recommended”).
                sections[role][-1].append(Block("paragraph", block.text, block.line))
                continue
            if found is None and role in READ and block.text.isupper() and not capitals:
                # Titles in capitals under a heading that is not: the section's own titles.
                sections[role][-1].append(Block("heading", block.text, block.line, level + 1))
                continue
            if found is not None:
                role, level, capitals = found, block.level, block.text.isupper()
                number = _numbered(block)
                proposal.recognised.append((block.line, role, block.text))
                if role in READ:
                    sections[role].append([])
                continue
            # A heading below the section's own (or, in findings, at level 2 under a level-2
            # findings heading of a plain-text file) belongs to it: a finding's title.
            if (
                role in READ
                and block.level
                and (block.level > level or (role == "findings" and level >= 2 == block.level))
            ):
                sections[role][-1].append(block)
                continue
            if role is not None and block.level and block.level <= level:
                role = None
            elif role in READ:
                sections[role][-1].append(block)
            continue
        if role in READ:
            sections[role][-1].append(block)
        elif block.kind == "table":
            _read_actions([block], proposal, proposal_only=True)
    for body in sections["findings"]:
        proposal.findings.extend(_findings(body))
    for body in sections["recommendations"]:
        proposal.recommendations.extend(_items_or_paragraphs(body))
    for body in sections["actions"]:
        _read_actions(body, proposal)
    for body in sections["questions"]:
        proposal.questions.extend(
            q for q in _items_or_paragraphs(body, questions=True) if q.endswith("?")
        )
    proposal.scheme = "sections"


def _numbered(block: Block) -> str:
    """A heading's section number (“3”, “3.4”), from its numbering or its text's start."""
    match = re.match(r"(\d{1,2}(?:\.\d{1,2})*)\.?(?:\s|$)", block.number or block.text)
    return match.group(1) if match else ""


def _findings(body: list[Block]) -> list[ProposedFinding]:
    """Each label or sub-heading starts a finding (what comes before the first is an
    introduction); without them each item, or else each paragraph, is one."""
    starts = [b for b in body if b.kind in ("label", "heading")]
    findings: list[ProposedFinding] = []
    if starts:
        current = None
        for block in body:
            if block.kind in ("label", "heading"):
                title, text = block.text, ""
                if block.kind == "label" and (len(title.split()) > 12 or title.endswith(".")):
                    title, text = "", title
                current = ProposedFinding(
                    label=block.number if block.kind == "label" else "",
                    title=title.rstrip(":"),
                    text=text,
                    line_start=block.line,
                    line_end=block.line,
                )
                findings.append(current)
            elif current is not None and block.kind != "table":
                joined = block.text if block.kind == "paragraph" else f"- {block.text}"
                current.text = f"{current.text}\n\n{joined}".strip()
                current.line_end = block.line
        return [f for f in findings if f.text or f.title]
    kind = "item" if any(b.kind == "item" for b in body) else "paragraph"
    return [
        ProposedFinding(text=b.text, line_start=b.line, line_end=b.line)
        for b in body
        if b.kind == kind and not b.text.endswith(":")
    ]


# “Recommendation 3:”, “R3.”, “Question 2 –”: a numbering label, not the item's words.
ITEM_LABEL = re.compile(
    r"^(?:(?:recommendation|question|rec|r|q)\s*\.?\s*(?:\d{1,2}|[a-z]|[ivx]{1,4})\b|"
    r"recommendation (?:one|two|three|four|five|six|seven|eight|nine|ten))\s*[:.)\-–—]?\s+",
    re.I,
)


def _items_or_paragraphs(body: list[Block], *, questions=False) -> list[str]:
    items = [b.text for b in body if b.kind == "item"]
    if not items:
        items = [
            b.text
            for b in body
            if b.kind in ("paragraph", "label")
            and (b.text.endswith("?") or not questions)
            and not b.text.endswith(":")
        ]
    return [text for item in items if (text := ITEM_LABEL.sub("", item, count=1).strip())]


def _read_actions(body: list[Block], proposal: Proposal, *, proposal_only=False):
    fields = [(b.text, b.line) for b in body if b.kind in ("paragraph", "item", "heading")]
    for block in body:
        if block.kind != "table":
            continue
        table = read_table(block.rows, line=block.line)
        if not table.understood:
            if not proposal_only:
                proposal.notes.append(
                    f"The table on line {block.line} (“{' | '.join(block.rows[0])[:120]}”) "
                    "looks like an action plan, but its columns were not recognised: add its "
                    "actions by hand."
                )
                proposal.unread_tables.append(block.rows)
            continue
        for row in table.rows:
            _attach(row, proposal)
    if not proposal_only:
        for row in read_field_blocks(fields):
            _attach(row, proposal)


def _attach(row, proposal: Proposal):
    """An action goes under the finding its reference names (“2”, “Finding 2”), else the review."""
    number = re.fullmatch(r"(?:finding\s*)?(\d{1,2})", row.ref.strip(), re.I)
    target = None
    if number and 1 <= int(number.group(1)) <= len(proposal.findings):
        target = proposal.findings[int(number.group(1)) - 1]
    if target is not None:
        target.actions.append(row.action)
        if row.measure:
            target.success_measure = "\n".join(filter(None, [target.success_measure, row.measure]))
    else:
        proposal.actions.append(row.action)
        if row.measure:
            row.action.measure = row.measure
