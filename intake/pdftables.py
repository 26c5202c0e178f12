"""Drawn tables in a PDF: pypdf's plain text runs a table's cells together line by line (a cell
that wraps over three lines is three fragments among its neighbours'). Its layout text keeps
each cell in its own column, so a table whose header names action-plan columns is rebuilt from
it as “| cell | cell |” rows and put in place of the run-together lines."""

import re

from .tables import column_of

GAP = re.compile(r" {3,}")


def _spans(line: str) -> list[tuple[int, str]]:
    """The runs of text a layout line holds, each with the column it starts at."""
    spans, position = [], 0
    for part in GAP.split(line):
        start = line.index(part, position) if part else position
        if part.strip():
            spans.append((start, part.strip()))
        position = start + len(part)
    return spans


def _column(starts: list[int], position: int) -> int:
    return max([i for i, start in enumerate(starts) if start <= position + 2] or [0])


def _rebuild(lines: list[str], header: int) -> list[list[str]]:
    """The rows of the table whose header is `lines[header]`, up to the next blank line: a row
    starts where the first column starts a new cell (a capital); other lines carry on the row."""
    starts = [start for start, _ in _spans(lines[header])]
    rows = [[[text] for _, text in _spans(lines[header])]]
    for line in lines[header + 1 :]:
        if not line.strip():
            break
        spans = _spans(line)
        first = next((text for start, text in spans if _column(starts, start) == 0), "")
        if first[:1].isupper():
            rows.append([[] for _ in starts])
        for start, text in spans:
            rows[-1][_column(starts, start)].append(text)
    return [[" ".join(cell) for cell in row] for row in rows]


def with_layout_tables(plain: str, layout: str) -> str:
    """The page's plain text, each action-plan table in it rebuilt from the layout text."""
    lines = layout.split("\n")
    for number, line in enumerate(lines):
        spans = _spans(line)
        if len(spans) < 3 or not any(column_of(t) == "action" for _, t in spans):
            continue
        if sum(column_of(t) is not None for _, t in spans) < 3:
            continue
        rows = _rebuild(lines, number)
        if len(rows) < 2:
            continue
        words = [w for row in rows for cell in row for w in cell.split()]
        plain_lines = plain.split("\n")
        first = " ".join(rows[0]).split()[0]
        for at, plain_line in enumerate(plain_lines):
            found = plain_line.split()
            if not found or found[0] != first or found != words[: len(found)]:
                continue
            count, end = 0, at
            while end < len(plain_lines) and count < len(words):
                count += len(plain_lines[end].split())
                end += 1
            if count != len(words):
                break
            table = ["| " + " | ".join(row) + " |" for row in rows]
            plain = "\n".join(plain_lines[:at] + table + plain_lines[end:])
            break
    return plain
