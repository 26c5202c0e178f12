"""Propose a review from a briefing's text: its name, kind, year, family, findings and what hangs
under each (recommendations, reflective questions, an action plan), plus review-wide items.

The parser is a reading aid, not an oracle: it recognises the layouts boards use —

- labelled findings: “Finding 3: …”, “Theme 2”, “Lesson 1”, “Key finding 4 –”;
- numbered sections: “3.5 Escalation of professional dissent:” (sub-sections such as 2.1.1 stay
  inside their section; top-level “3 Learning Themes for Practice” only names the part);
- headings under a “Findings” (or “Lessons learnt”, “Emerging issues”) heading;
- recommendations: the bullets under “Recommendations:”;
- action tables: tab-separated rows under a “How will we know … / What are we going to do? /
  Who will lead / By when” header (cells may hold <ul>/<p> markup or “•”-separated items, one
  lead per action where the counts match), or the same four headings each on its own line;
- narrative responses after a one-line finding (“WSCB will seek assurance …”) as actions;
- reflective questions: the lines under “Reflective questions”.

— and the admin corrects the rest in the preview. Every item records the lines it came from.
"""

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

# --- what a proposal holds -------------------------------------------------------------------


@dataclass
class ProposedAction:
    description: str
    lead: str = ""
    deadline: str = ""
    line: int | None = None
    status: str = ""  # "complete" where the briefing says it is done


@dataclass
class ProposedFinding:
    label: str = ""
    title: str = ""
    text: str = ""
    kind: str = "finding"
    section: str = ""
    line_start: int | None = None
    line_end: int | None = None
    recommendations: list[str] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)
    success_measure: str = ""
    actions: list[ProposedAction] = field(default_factory=list)
    theme_ids: list[int] = field(default_factory=list)


@dataclass
class Proposal:
    title: str = ""
    review_name: str = ""
    kind: str = "scr"
    year: int | None = None
    practice_period: str = ""
    family_pseudonym: str = ""
    family_children: str = ""
    family_circumstances: str = ""
    findings: list[ProposedFinding] = field(default_factory=list)
    recommendations: list[str] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)
    actions: list[ProposedAction] = field(default_factory=list)
    scheme: str = ""  # how findings were recognised: labelled, numbered, headings or none

    @property
    def action_count(self):
        return len(self.actions) + sum(len(f.actions) for f in self.findings)

    @property
    def recommendation_count(self):
        return len(self.recommendations) + sum(len(f.recommendations) for f in self.findings)

    @property
    def question_count(self):
        return len(self.questions) + sum(len(f.questions) for f in self.findings)


# --- line patterns ---------------------------------------------------------------------------

LABELS = {
    "finding": "finding",
    "key finding": "key-finding",
    "theme": "theme",
    "lesson": "lesson",
    "lesson learnt": "lesson",
    "lesson learned": "lesson",
    "learning point": "learning-point",
    "emerging issue": "emerging-issue",
    "good practice": "good-practice",
}
LABELLED = re.compile(
    r"^(?P<word>finding|key finding|theme|lesson(?: learnt| learned)?|learning point|"
    r"emerging issue)\s+(?P<num>\d{1,3}[a-z]?)\b\s*[:.\-–—]?\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
SUBSECTION = re.compile(r"^(?P<num>\d{1,2}(?:\.\d{1,2})+)\.?\s+(?P<rest>[A-Z].*)$")
TOP_SECTION = re.compile(r"^(?P<num>\d{1,2})\s+(?P<rest>[A-Z][^.]*)$")
TOC_LINE = re.compile(r"\.{4,}|\t\d{1,3}\s*$")
BULLET = re.compile(r"^\s*(?:[-•·*−–▪◦●]|\d{1,2}[.)])\s+(?P<item>\S.*)$")
FOOTNOTE = re.compile(r"^\s*[¹²³⁴⁵⁶⁷⁸⁹⁰]+\s")
RECOMMENDATIONS = re.compile(r"^(?:relevant |key |our )?recommendations?\b[^.]{0,60}:?$", re.I)
QUESTIONS = re.compile(
    r"^(?:reflective|reflection|questions? for reflection|key)\s*questions?\b.{0,40}$|^questions for practitioners:?$",
    re.I,
)
FINDINGS_REGION = re.compile(
    r"^(?:the |key |main )?(?:findings|lessons? learn[te]d?|learning(?: points)?|emerging issues|"
    r"key learning|what we learn[te]d?|background notes)\b.{0,60}$",
    re.I,
)
END_REGION = re.compile(
    r"^(?:conclusions?|what next\??|next steps|summary|references|further reading|"
    r"appendix.*|useful links|contact.*|acknowledg.*)$",
    re.I,
)
INTRO_OR_END = re.compile(
    r"^(?:introduction|background|contents|conclusions?|summary|references|appendix.*)$", re.I
)
ALREADY_DONE = re.compile(
    r"already (?:done|taken|happened)|actions? taken|what (?:we|\w+) (?:has|have) done", re.I
)

COLUMN_HEADERS = {
    "measure": re.compile(r"^how will we know\b.*", re.I),
    "do": re.compile(r"^what (?:are|will) we (?:going to )?do\b.*", re.I),
    "lead": re.compile(r"^who will lead\b.*|^lead(?: agency| officer)?:?$", re.I),
    "when": re.compile(r"^by when\b.*|^timescales?:?$|^deadline:?$", re.I),
}
DEADLINE_LIKE = re.compile(
    r"\b(?:ongoing|\d{4}|january|february|march|april|may|june|july|august|september|october|"
    r"november|december|spring|summer|autumn|winter|quarter|q[1-4]|end of|by)\b",
    re.I,
)
NARRATIVE_DEADLINE = re.compile(
    r"\b(?:(?:spring|summer|autumn|winter|(?:end of )?(?:january|february|march|april|may|june|"
    r"july|august|september|october|november|december))\s+\d{4})\b",
    re.I,
)
FAMILY_NAME = re.compile(
    r"\b(?:Family|Baby|Child|Children)\s+(?:['‘’\"“”]\s?[A-Z0-9][A-Za-z0-9]*\s?['’\"”]|"
    r"[A-Z][A-Z0-9]{0,4}\b|[A-Z][a-z]+\b(?!\s+(?:Court|Services|Social|Support|Protection)))"
)
YEAR = re.compile(r"\b(19[7-9]\d|20\d\d)\b")
PERIOD = re.compile(
    r"between\s+((?:[A-Z][a-z]+\s+)?\d{4})\s+and\s+((?:[A-Z][a-z]+\s+)?\d{4})", re.I
)
KINDS = [
    (
        "thematic",
        re.compile(
            r"\b(?:analys\w+|review\w*|covers?|considered)\s+\d+\s+(?:serious |local )?case "
            r"reviews|^thematic (?:review|analysis|briefing)|^serious case reviews \d{4}\s*[-–]\s*\d{4}",
            re.I | re.M,
        ),
    ),
    (
        "national",
        re.compile(r"\bnational (?:analysis|review|evaluation)\b|triennial analysis", re.I),
    ),
    ("lcspr", re.compile(r"local child safeguarding practice review|\bLCSPR\b", re.I)),
    ("imr", re.compile(r"internal management review|\bIMR\b")),
    ("rapid", re.compile(r"\brapid review\b", re.I)),
    ("scr", re.compile(r"serious case review|\bSCR\b", re.I)),
    ("partnership", re.compile(r"\b(?:learning|partnership) review\b", re.I)),
]


# --- cleaning --------------------------------------------------------------------------------


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


# --- lines -----------------------------------------------------------------------------------


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


# --- the parser ------------------------------------------------------------------------------


@dataclass
class _Heading:
    index: int  # into lines
    label: str
    title: str
    text: str  # finding text given on the heading line itself
    kind: str
    section: str
    whole: bool = False  # a bullet or paragraph that is a finding itself: its body only carries on


def parse(text: str) -> Proposal:
    """Propose a review from a briefing's whole text."""
    lines = split_lines(text)
    proposal = Proposal()
    _review_details(text, lines, proposal)
    headings, scheme, ends = _finding_headings(lines)
    proposal.scheme = scheme
    starts = [h.index for h in headings]
    claimed = set()
    for position, heading in enumerate(headings):
        stop = starts[position + 1] if position + 1 < len(starts) else len(lines)
        stop = min([e for e in ends if e > heading.index] + [stop])
        finding = ProposedFinding(
            label=heading.label,
            title=heading.title,
            text=heading.text,
            kind=heading.kind,
            section=heading.section,
            line_start=lines[heading.index].number,
        )
        body = lines[heading.index + 1 : stop]
        if heading.whole:
            finding.text = "\n".join(
                [heading.text]
                + [
                    f"- {strip_bullet(line.text)}" if line.is_bullet else line.text
                    for line in body
                    if not FOOTNOTE.match(line.raw)
                ]
            )
        else:
            _read_body(finding, body, one_line_finding=bool(heading.text))
        finding.line_end = (body[-1] if body else lines[heading.index]).number
        proposal.findings.append(finding)
        claimed.update(range(heading.index, stop))
    _review_wide_items(lines, claimed, proposal)
    if headings:
        proposal.actions[:0] = _preamble_commitments(lines, headings[0].index)
    if scheme == "headings":
        # Findings under headings carry the board's responses in their prose.
        for finding in proposal.findings:
            for paragraph in finding.text.split("\n"):
                finding.actions.extend(board_commitments(paragraph))
        for index, line in enumerate(lines):
            if index not in claimed and not is_heading(line) and not line.is_bullet:
                proposal.actions.extend(board_commitments(line.text, line=line.number))
    return proposal


BOARD_COMMITS = re.compile(
    r"^(?:[Tt]he\s+)?[A-Z]{2,6}(?:\s+[A-Z][\w-]+){0,4}\s+(?:will\b|(?:is|are)\s+(?:also\s+)?"
    r"(?:working|leading|developing|reviewing|planning)\b)"
)
# “X will … and the Y … will Z”: two commitments in one sentence.
SECOND_COMMITMENT = re.compile(r",?\s+and\s+(?=the\s[^,.]{0,80}?\swill\s)")


def board_commitments(paragraph: str, *, line=None) -> list[ProposedAction]:
    """What a board says it is doing, in prose: a sentence whose subject is the board's
    abbreviation (“The DSCB will be working on …”, “The DSCB is also working on …”), and the
    sentences after it in the same paragraph that also say what will happen (“A similar process
    will be put in place …”), except those that only explain (“This will give …”)."""
    actions = []
    committed = False
    for sentence in SENTENCE_END.split(paragraph.strip()):
        if BOARD_COMMITS.match(sentence):
            committed = True
            parts = SECOND_COMMITMENT.split(sentence)
        elif (
            committed
            and re.search(r"\bwill\b", sentence)
            and not re.match(r"(?:this|it|that)\b", sentence, re.I)
        ):
            parts = [sentence]
        else:
            continue
        for part in parts:
            deadline = NARRATIVE_DEADLINE.search(part)
            actions.append(
                ProposedAction(
                    description=part.strip(),
                    deadline=deadline.group() if deadline else "",
                    line=line,
                )
            )
    return actions


COMMITMENT = re.compile(r"\bwill\b(?! we\b)", re.I)


def _preamble_commitments(lines: list[Line], first_finding: int) -> list[ProposedAction]:
    """What the board says it will do in the paragraphs between a findings heading and the first
    finding (“WSCB … will use its role to ensure these findings are shared”): one action per
    sentence that commits to something. Lists introduced by “… will:” are aims, not actions."""
    start = next(
        (
            i
            for i in range(first_finding - 1, -1, -1)
            if is_heading(lines[i]) and FINDINGS_REGION.match(lines[i].text)
        ),
        None,
    )
    if start is None:
        return []
    actions = []
    for line in lines[start + 1 : first_finding]:
        if line.is_bullet or is_heading(line) or line.is_table_row:
            continue
        for sentence in SENTENCE_END.split(line.text):
            if COMMITMENT.search(sentence) and not sentence.rstrip().endswith(":"):
                actions.append(ProposedAction(description=sentence.strip(), line=line.number))
    return actions


def _finding_headings(lines):
    """The finding headings by the first scheme that finds at least two; and where regions end."""
    labelled = []
    for index, line in enumerate(lines):
        match = LABELLED.match(line.text)
        if match and _starts_block(lines, index) and not line.is_bullet:
            rest = match.group("rest").strip()
            word = match.group("word").lower()
            label = f"{match.group('word').strip().capitalize()} {match.group('num')}"
            one_line = _is_sentence(rest)
            labelled.append(
                _Heading(
                    index=index,
                    label=label,
                    title="" if one_line else rest.rstrip(":").strip(),
                    text=rest if one_line else "",
                    kind=LABELS.get(word, "finding"),
                    section="",
                )
            )
    if labelled:
        ends = [
            i for i, line in enumerate(lines) if is_heading(line) and END_REGION.match(line.text)
        ]
        return labelled, "labelled", ends

    numbered, ends, tops, part = [], [], [], ""
    for index, line in enumerate(lines):
        if not line.blank_before or line.is_bullet or "\t" in line.raw:
            continue
        sub = SUBSECTION.match(line.text)
        top = TOP_SECTION.match(line.text)
        if sub and line.words <= 20 and (line.words <= 8 or not sub.group("rest").endswith(".")):
            numbered.append(
                _Heading(
                    index=index,
                    label=sub.group("num"),
                    title=sub.group("rest").rstrip(":.").strip(),
                    text="",
                    kind="section",
                    section=part,
                )
            )
        elif top and line.words <= 10:
            part = line.text
            tops.append((index, top))
    if len(numbered) >= 2:
        # A top-level part is a finding too when it says something of its own before its first
        # sub-section (Surrey's “2 Identified child vulnerabilities and risks”); otherwise it
        # only names the part, and an introduction or conclusion is never a finding.
        starts = sorted([h.index for h in numbered] + [i for i, _ in tops])
        for index, top in tops:
            following = [s for s in starts if s > index]
            stop = following[0] if following else len(lines)
            prose = sum(
                len(line.text)
                for line in lines[index + 1 : stop]
                if not line.is_bullet and not FOOTNOTE.match(line.raw)
            )
            title = top.group("rest").rstrip(":.").strip()
            if prose >= 200 and not INTRO_OR_END.match(title):
                numbered.append(
                    _Heading(
                        index=index,
                        label=top.group("num"),
                        title=title,
                        text="",
                        kind="section",
                        section="",
                    )
                )
            else:
                ends.append(index)
        numbered.sort(key=lambda heading: heading.index)
    if len(numbered) >= 2:
        return numbered, "numbered", ends

    found, ends = _region_findings(lines)
    if len(found) >= 2:
        return found, "headings", ends
    return [], "none", []


def _region_findings(lines):
    """Findings under a “Findings” (“Key findings”, “Emerging issues”, “Lessons learnt”,
    “Background notes”) heading: each sub-heading is one, holding what follows it; where there
    is no sub-heading, each bullet is one (lower-case bullets, bullets of another glyph and the
    short items of a list a bullet introduces with “:” carry it on); under “Lessons learnt”
    each paragraph is one."""
    found, ends = [], []
    region = None  # the kind of finding while inside a region
    glyph = None
    under_heading = False
    current = ""
    sublist = False  # inside a list a bullet opened with “:”
    for index, line in enumerate(lines):
        if is_heading(line):
            if FINDINGS_REGION.match(line.text):
                region, glyph, under_heading, current = _region_kind(line.text), None, False, ""
                ends.append(index)
            elif (
                END_REGION.match(line.text)
                or RECOMMENDATIONS.match(line.text)
                or (QUESTIONS.match(line.text))
            ):
                region = None
                ends.append(index)
            elif region:
                found.append(_heading(index, title=line.text.rstrip(":"), kind=region))
                under_heading, current = True, ""
            continue
        if RECOMMENDATIONS.match(line.text) and line.text.endswith(":"):
            region = None
            ends.append(index)
            continue
        if region and _inline_heading(lines, index):
            found.append(_heading(index, title=line.text.rstrip(":"), kind=region))
            under_heading, current = True, ""
            continue
        if not region or under_heading:
            continue
        text = strip_bullet(line.text)
        if line.is_bullet:
            mark = line.raw.strip()[0]
            glyph = glyph or mark
            carries_on = current and (
                mark != glyph
                or (text[:1].islower() and not current.endswith((".", "?", "!")))
                or (sublist and line.words <= 20)
                or CARRIES_ON.match(text)
            )
            if carries_on:
                sublist = sublist or current.endswith(":")
                current = text
                continue
            if _bullet_heading(lines, index):
                found.append(_heading(index, title=text, kind=region))
                under_heading, current = True, ""
                continue
            found.append(_heading(index, text=text, kind=region, whole=True))
            current, sublist = text, text.endswith(":")
        elif region == "lesson" and line.words > 12:
            found.append(_heading(index, text=line.text, kind=region, whole=True))
            current, sublist = line.text, False
        elif current:
            current = line.text
    return found, ends


def _bullet_heading(lines, index) -> bool:
    """A short bullet without a sentence's end, followed by bullets: a heading set as a bullet."""
    line = lines[index]
    following = lines[index + 1] if index + 1 < len(lines) else None
    return (
        line.is_bullet
        and line.words <= 5
        and not strip_bullet(line.text).endswith((".", ":", ";"))
        and following is not None
        and following.is_bullet
    )


CARRIES_ON = re.compile(r"(?:therefore|this|these|however|and|but|or)\b", re.I)


def _inline_heading(lines, index) -> bool:
    """A short line between two bullets, without a sentence's end: a sub-heading whose blank
    lines were lost (text copied from a PDF)."""
    line = lines[index]
    if line.blank_before or line.is_bullet or index == 0 or index + 1 >= len(lines):
        return False
    return (
        lines[index - 1].is_bullet
        and lines[index + 1].is_bullet
        and line.words <= 5
        and line.text[:1].isupper()
        and not line.text.endswith((".", ",", ";"))
    )


def _heading(index, *, title="", text="", kind="finding", whole=False):
    return _Heading(
        index=index, label="", title=title, text=text, kind=kind, section="", whole=whole
    )


def _starts_block(lines, index) -> bool:
    """Blank line before, or (text from a PDF, which loses blank lines) a finished sentence."""
    if index == 0 or lines[index].blank_before:
        return True
    previous = lines[index - 1]
    return (
        previous.text.endswith((".", ":", "?", "!"))
        or previous.is_table_row
        or is_heading(previous)
    )


def _region_kind(heading: str) -> str:
    heading = heading.lower()
    if "emerging" in heading:
        return "emerging-issue"
    if "lesson" in heading:
        return "lesson"
    if "key finding" in heading:
        return "key-finding"
    if "learning" in heading:
        return "learning-point"
    return "finding"


def _is_sentence(rest: str) -> bool:
    return len(rest.split()) > 12 or rest.rstrip().endswith(".")


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
                lead=_pick(leads, position, len(todo)),
                deadline=_pick(deadlines, position, len(todo)),
                line=line_number,
            )
        )


def _pick(values: list[str], position: int, count: int) -> str:
    """One value per action where the counts match; a single value for all; else all of them."""
    if len(values) == count:
        return values[position]
    if len(set(values)) == 1:
        return values[0]
    return "; ".join(dict.fromkeys(values))


# --- the review as a whole -------------------------------------------------------------------


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


def _review_wide_items(lines: list[Line], claimed: set[int], proposal: Proposal):
    """Recommendations, questions and actions outside every finding belong to the review."""
    mode = None
    for index, line in enumerate(lines):
        if index in claimed:
            mode = None
            continue
        if is_heading(line) or (RECOMMENDATIONS.match(line.text) and line.text.endswith(":")):
            if RECOMMENDATIONS.match(line.text):
                mode = "recommendations"
            elif QUESTIONS.match(line.text):
                mode = "questions"
            elif ALREADY_DONE.search(line.text):
                mode = "done"
            elif mode == "questions" and line.text.endswith("?"):
                pass
            else:
                mode = None
                continue
            if not line.text.endswith("?"):
                continue
        if mode == "recommendations" and _bullet_heading(lines, index):
            continue  # a sub-heading inside the list (“· Prevention and information”)
        if (
            mode == "recommendations"
            and line.is_bullet
            or mode == "recommendations"
            and proposal.recommendations
            and _continues(proposal.recommendations[-1], strip_bullet(line.text), line)
        ):
            _add_item(proposal.recommendations, line)
        elif mode == "questions":
            _add_item(proposal.questions, line)
        elif mode == "done" and line.is_bullet:
            proposal.actions.append(
                ProposedAction(
                    description=strip_bullet(line.text), status="complete", line=line.number
                )
            )


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
