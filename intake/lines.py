"""A briefing as lines: cleaning (markup, bullets, table cells) and what makes a line a heading."""

import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser

from .vocabulary import BULLET, COLUMN_HEADERS, FOOTNOTE, TOC_LINE


class _CellText(HTMLParser):
    """Text of a table cell, split into items at <p>, <li>, <br> and “•”."""

    BREAKS = {"p", "li", "br", "div", "tr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.items = [""]

    def handle_starttag(self, tag, attrs):
        if tag in self.BREAKS:
            self.items.append("")

    def handle_endtag(self, tag):
        if tag in self.BREAKS:
            self.items.append("")

    def handle_data(self, data):
        parts = re.split(r"\s*[•·▪]\s*", data)
        self.items[-1] += parts[0]
        for part in parts[1:]:
            self.items.append(part)


def cell_items(cell: str) -> list[str]:
    """The items of a table cell, markup and bullet glyphs dropped."""
    reader = _CellText()
    reader.feed(cell)
    reader.close()
    return [squash(item) for item in reader.items if squash(item)]


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(text)).strip()


def plain(line: str) -> str:
    """A line without Markdown emphasis, heading marks or stray markup."""
    line = re.sub(r"^#{1,6}\s+", "", line.strip())
    # Every pattern is bounded (no “.+?” running to the end of a 300,000-character line).
    line = re.sub(r"\*\*([^*\n]{1,300})\*\*", r"\1", line)
    line = re.sub(r"__([^_\n]{1,300})__", r"\1", line)
    line = re.sub(r"(?<![\w*])\*(?=[^\s*])([^*\n]{1,300})(?<=[^\s*])\*(?![\w*])", r"\1", line)
    line = re.sub(r"\[([^\]\n]{1,300})\]\((https?://[^)\s]{1,500})\)", r"\1 (\2)", line)
    line = re.sub(r"</?(?:p|ul|li|br|strong|em|b|i|span)\b[^<>\n]{0,300}>", " ", line)
    return re.sub(r"[ \t]{2,}", " ", line).strip()


def strip_bullet(line: str) -> str:
    match = BULLET.match(line)
    return match.group("item").strip() if match else line.strip()


@dataclass
class Line:
    number: int  # 1-based, in the stored text
    raw: str
    text: str  # plain(raw)
    blank_before: bool

    @property
    def is_bullet(self):
        return bool(BULLET.match(self.raw))

    @property
    def words(self):
        return len(self.text.split())

    @property
    def is_table_row(self):
        return self.raw.count("\t") >= 2 and not TOC_LINE.search(self.raw)


def split_lines(text: str) -> list[Line]:
    lines = []
    previous_blank = True
    for number, raw in enumerate(text.split("\n"), start=1):
        if not raw.strip():
            previous_blank = True
            continue
        if TOC_LINE.search(raw) and not _is_tabbed_header(raw):
            previous_blank = False
            continue
        lines.append(Line(number, raw.rstrip(), plain(raw), previous_blank))
        previous_blank = False
    return lines


def _is_tabbed_header(raw: str) -> bool:
    cells = [c.strip() for c in raw.split("\t")]
    return len(cells) >= 3 and sum(_column_of(c) is not None for c in cells) >= 3


def _column_of(text: str):
    for name, pattern in COLUMN_HEADERS.items():
        if pattern.match(text.strip()):
            return name
    return None


def is_heading(line: Line) -> bool:
    """A short line standing on its own, without a sentence's closing punctuation."""
    text = line.text
    return (
        line.blank_before
        and not line.is_bullet
        and "\t" not in line.raw
        and 0 < line.words <= 12
        and len(text) <= 100
        and text[:1].isupper()
        and not text.endswith((".", ",", ";", "?"))
        and not FOOTNOTE.match(line.raw)
    )


def pick_for_action(values: list[str], position: int, count: int) -> str:
    """One value per action where the counts match; a single value for all; else all of them."""
    if len(values) == count:
        return values[position]
    if len(set(values)) == 1:
        return values[0]
    return "; ".join(dict.fromkeys(values))
