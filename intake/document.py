"""The document model: every format becomes the same sequence of blocks.

`read_blocks(text)` reads the briefing's stored text — a .txt or .md file as written, a .docx as
`extract.py` writes it (Word headings as “#”, list styles as “- ”/“1. ”, tables as tab-separated
rows), a PDF's text, pasted text — into blocks:

- heading: a line with a level — Markdown “#” marks (1–6), numbering (“4.”, “4 |”, “Step 4:” at
  level 1, “4.2 Title” at level 2), a line in capitals (level 1), or a short line standing on its
  own without a sentence's end (level 2);
- label: “Finding one”, “**Finding 2**”, “Learning point 1: …”, “Lesson A – Title” (see LABEL):
  the start of a finding, with its number and whatever follows on the line;
- item: a list item — any bullet (• - * – · ▪ ◦ ➢ + o), “1.”, “1)”, “(a)”, “a)”, “i.”, or a
  numbered paragraph (“4.1 Child S's …”) — with the lines that carry it on;
- paragraph: lines joined until a blank line or a finished sentence;
- table: two or more rows of tab- or pipe-separated cells (a Markdown separator row dropped),
  the first row its header.

Before reading, CRLF, no-break and thin spaces, soft hyphens and zero-width characters are
normalised; Markdown emphasis and stray inline markup are dropped from the block's text (table
cells keep theirs: a Wiltshire cell holds <ul>/<p> items, split by `lines.cell_items`).
Every block keeps the line it starts on (1-based, in the stored text), so the proposal can point
at its source. Nothing here raises on any input, and every pattern is bounded.
"""

import re
from dataclasses import dataclass, field

from .lines import plain

SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2007": " ", "\u00ad": "", "\u200b": ""})
MD_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
RULE = re.compile(r"^\s*(?:-{3,}|\*{3,}|_{3,})\s*$")
TOC_ENTRY = re.compile(r"(?:\.{4}|…{2}|\t)\s*\d{1,3}\s*$")  # bounded: no “{4,}” to rescan
SEPARATOR_ROW = re.compile(r"^\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
ITEM = re.compile(
    r"^\s*(?P<mark>[-•·*−–▪◦●➢➤►✓+■□○◆◇❖✔➔→⁃‣◾▸▶»›❯⇒♦]|o(?=\s)|\d{1,2}[.)]|\(\w{1,4}\)|[a-z][.)]|[ivx]{1,4}[.)]|"
    r"\d{1,2}(?:\.\d{1,2})+\.?)\s+(?P<rest>\S.*)$"
)
STEP = re.compile(
    r"^(?:step|section|part|box)\s+(?P<num>\d{1,2})\s*[:.\-–—|]\s*(?P<rest>\S.*)$", re.I
)
NUMBERED = re.compile(r"^(?P<num>\d{1,2}(?:\.\d{1,2})?)\s*(?:[.)]|\s\||\s-|\s–)?\s+(?P<rest>\S.*)$")
NUMBER_WORD = r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
LABEL = re.compile(
    r"^(?P<word>(?:key )?finding|(?:key )?learning point|(?:key )?learning|practice point|"
    r"lesson(?: learnt| learned)?|(?:key )?theme|emerging issue|key message|insight)\s+(?P<num>\d{1,3}[a-z]?|[A-Z]|"
    rf"{NUMBER_WORD})(?![\w'’])\s*[:.\-–—]?\s*(?P<rest>.*)$",
    re.I,
)
SENTENCE_END = (".", "?", "!", ".”", '."', "?”", '?"')
DASH = re.compile(r"\s[—–]\s")
# “Lead: …”, “By: …”: one field of an action block, never a heading and never carried on.
FIELD = re.compile(
    r"^(?:action|lead|lead agency|lead officer|by|by when|who|what|when|impact|deadline|due|"
    r"due date|target date|completion date|owner|action owner|responsible|timescale|timeframe|"
    r"measure|success measure|outcome|evidence|evidence of impact)\s*:\s*\S",
    re.I,
)


@dataclass
class Block:
    """One heading, label, item, paragraph or table of a briefing."""

    kind: str
    text: str
    line: int
    level: int = 0  # headings: 1 is the top; labels 9 (always below the heading they sit under)
    number: str = ""  # the numbering or label word it carried: "4", "4.2", "Finding one", "•"
    rows: list[list[str]] = field(default_factory=list)  # tables: header first

    @property
    def words(self) -> int:
        return len(self.text.split())


def normalise(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").translate(SPACES)


def _toc(raw: str) -> bool:
    """A contents line ending in a page number (“Findings ........ 4”, “Findings<tab>4”); only
    the line's end is searched, so a line of 100,000 tabs costs nothing."""
    return bool(TOC_ENTRY.search(raw[-40:]))


def _cells(raw: str) -> list[str] | None:
    """A table row's cells, or None when the line is not one."""
    if "\t" in raw and not _toc(raw):
        cells = [cell.strip() for cell in raw.strip("\n").split("\t")]
        return cells if sum(bool(c) for c in cells) >= 2 else None
    stripped = raw.strip()
    if stripped.startswith("|") and stripped.count("|") >= 3:
        return [cell.strip() for cell in stripped.strip("|").split("|")]
    return None


def _short_title(text: str, limit=14) -> bool:
    return (
        0 < len(text.split()) <= limit
        and len(text) <= 120
        and text[:1].isupper()
        and not text.rstrip("*_ ").endswith((".", ",", ";", "?", "!"))
    )


def _is_capitals(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 4 and all(c.isupper() for c in letters) and len(text.split()) <= 14


def _heading(text: str, line: int) -> Block | None:
    """A line that is a heading by its own shape (numbering, capitals, Markdown), or None."""
    if match := MD_HEADING.match(text):
        return Block("heading", plain(match.group(2)), line, level=len(match.group(1)))
    clean = plain(text)
    if match := STEP.match(clean):
        return Block("heading", match.group("rest").strip(), line, 1, f"Step {match['num']}")
    if (match := NUMBERED.match(clean)) and _short_title(match.group("rest"), 10):
        level = 2 if "." in match.group("num") else 1
        return Block("heading", match.group("rest").strip(), line, level, match.group("num"))
    if _is_capitals(clean) and not ITEM.match(clean):
        return Block("heading", clean, line, level=1)
    return None


def read_blocks(text: str) -> list[Block]:
    """The briefing's blocks, in order."""
    raws = normalise(text).split("\n")
    blocks: list[Block] = []
    open_block = None  # the paragraph or item that the next line may carry on
    index = 0
    while index < len(raws):
        raw = raws[index]
        number = index + 1
        index += 1
        if not raw.strip() or RULE.match(raw) or _toc(raw):
            if open_block is not None and open_block.kind == "paragraph":
                open_block = None
            continue
        blank_before = index < 2 or not raws[index - 2].strip()
        cells = _cells(raw)
        if cells is not None:
            rows = [cells]
            while index < len(raws):
                if SEPARATOR_ROW.match(raws[index].strip()) and "-" in raws[index]:
                    index += 1
                    continue
                following = _cells(raws[index])
                if following is None:
                    break
                rows.append(following)
                index += 1
            if len(rows) >= 2:
                blocks.append(Block("table", "", number, rows=rows))
                open_block = None
                continue
        clean = plain(raw)
        following = raws[index].strip() if index < len(raws) else ""
        if FIELD.match(clean) or len(DASH.findall(clean)) == 2:
            blocks.append(Block("paragraph", clean, number))
            open_block = blocks[-1]  # carried on only by a line in lower case (_carries_on)
            continue
        block = _heading(raw.strip(), number)
        if block is not None and not MD_HEADING.match(raw.strip()):
            item = ITEM.match(clean)
            in_list = (
                blocks
                and blocks[-1].kind == "item"
                and item
                and (_shape(blocks[-1].number) == _shape(item.group("mark")))
            )
            if in_list or not _stands_alone(following):
                block = None
            elif block.number and index < len(raws) and re.match(r"(?: {2,}|\t)\S", raws[index]):
                # “1. **Title**” with its text indented on the next line: a titled list
                # entry, below whatever section heading it sits under.
                block.level = 9
        label = LABEL.match(clean)
        if label and (blank_before or _ended(blocks) or len(label.group("rest").split()) <= 12):
            word = f"{label.group('word').strip()} {label.group('num')}"
            blocks.append(Block("label", label.group("rest").strip(), number, 9, word))
            # A label followed by a title stands alone; by a sentence, it may wrap.
            open_block = blocks[-1] if len(label.group("rest").split()) > 12 else None
            continue
        item = ITEM.match(clean)
        if block is not None and not (item and _is_item_not_heading(clean, block)):
            blocks.append(block)
            open_block = None
            continue
        if item and not (MD_HEADING.match(raw.strip())):
            blocks.append(Block("item", item.group("rest").strip(), number, number=item["mark"]))
            open_block = blocks[-1]
            continue
        if open_block is not None and _carries_on(open_block, clean, blank_before):
            open_block.text = f"{open_block.text} {clean}".strip()
            if open_block.kind == "paragraph" and clean.endswith(SENTENCE_END):
                open_block = None
            continue
        if _short_title(clean) and (blank_before or _ended(blocks)) and _stands_alone(following):
            blocks.append(Block("heading", clean.rstrip(":").strip(), number, level=2))
            open_block = None
            continue
        blocks.append(Block("paragraph", clean, number))
        open_block = None if clean.endswith(SENTENCE_END) else blocks[-1]
    return blocks


def _is_item_not_heading(clean: str, block: Block) -> bool:
    """“1. When you meet a pregnant woman …?” is an item; “1. Background” is a heading."""
    return block.number != "" and not block.number.startswith("Step") and clean.endswith("?")


def _shape(mark: str) -> str:
    """“2.” and “3.” have one shape, “2.” and “4.1” two: a list goes on only in its own."""
    return re.sub(r"\d+", "9", re.sub(r"[a-z]", "a", mark))


def _ended(blocks: list[Block]) -> bool:
    if not blocks:
        return True
    last = blocks[-1]
    return (
        last.kind in ("heading", "table")
        or last.text.endswith(SENTENCE_END + (":",))
        or bool(FIELD.match(last.text))  # “Impact: …” is a whole field, said or not
    )


def _stands_alone(following: str) -> bool:
    """What follows a short line makes it a heading: nothing, a blank, or a new start."""
    return not following or following[:1].isupper() or bool(ITEM.match(following))


def _carries_on(block: Block, clean: str, blank_before: bool) -> bool:
    """A line with no mark of its own carries on the item or paragraph above it: always when
    there is no blank line between (text hard-wrapped or pulled from a PDF), and after a blank
    line only when it starts in lower case (a sentence broken by a page)."""
    if block.kind not in ("item", "paragraph", "label"):
        return False
    if block.kind == "paragraph" and (
        FIELD.match(block.text) or len(DASH.findall(block.text)) == 2
    ):
        return clean[:1].islower() and not blank_before  # a field wrapped onto the next line
    if block.text.endswith(SENTENCE_END) and clean[:1].isupper():
        return False
    return not blank_before or clean[:1].islower()
