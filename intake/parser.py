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

import re

from .body import SENTENCE_END, _add_item, _continues, _read_body, narrative_actions
from .details import REVIEW_NAME, _review_details, guess_board, review_details
from .lines import Line, cell_items, is_heading, split_lines, strip_bullet
from .proposal import Proposal, ProposedAction, ProposedFinding
from .prose import add_prose_recommendations
from .reader import read_sections
from .schemes import _bullet_heading, _finding_headings
from .vocabulary import (
    ALREADY_DONE,
    FINDINGS_REGION,
    FOOTNOTE,
    NARRATIVE_DEADLINE,
    QUESTIONS,
    RECOMMENDATIONS,
)

__all__ = [
    "Proposal",
    "ProposedAction",
    "ProposedFinding",
    "board_commitments",
    "cell_items",
    "guess_board",
    "narrative_actions",
    "parse",
    "parse_parts",
]


def parse(text: str) -> Proposal:
    """Propose a review from a briefing's whole text: by its sections where the vocabulary
    knows them (reader.py), else by the line-based schemes. A document carrying several reviews
    gives the first here, the others in `parts`."""
    parts = parse_parts(text)
    first = parts[0]
    if len(parts) == 1:  # in a bulletin, a sentence's review is not known
        add_prose_recommendations(first, text)
    first.parts = parts[1:]
    return first


def parse_lines(text: str) -> Proposal:
    """Propose a review from a briefing's whole text, line by line (the source layouts)."""
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


def parse_parts(text: str) -> list[Proposal]:
    """One proposal per review the text carries (a bulletin may carry several)."""
    by_sections = read_sections(text)
    by_lines = parse_lines(text)
    found = sum(len(p.findings) for p in by_sections)
    actions = sum(p.action_count for p in by_sections)
    # The line-based schemes know the source layouts (a finding with its own action table,
    # responses in prose): where they find more, they read the document better.
    roles = set().union(*(p.roles for p in by_sections)) & {
        "findings",
        "recommendations",
        "actions",
        "questions",
    }
    # But where the sections give a rich structure (three roles or more) with an action plan
    # of their own, more actions line by line are the findings' prose read as actions.
    if (
        not by_sections
        or (by_lines.action_count > actions and not (actions and len(roles) >= 3))
        or (len(by_lines.findings) > found and len(roles) < 3)
    ):
        return [by_lines]
    for proposal in by_sections:
        if not proposal.family_children:
            _review_details(text, split_lines(text), (scratch := Proposal()))
            proposal.family_children = scratch.family_children
            proposal.family_circumstances = scratch.family_circumstances
    return by_sections


def _stated_details(text: str, proposal: Proposal):
    """What the document states outright, for a proposal read line by line: the board it names,
    the publication date (“published March 2024”), and a review name where the line-based reading
    fell back on the title."""
    stated = Proposal()
    review_details(stated, text, whole=text)
    proposal.board_name, proposal.board_abbreviation = stated.board_name, stated.board_abbreviation
    if stated.published:
        proposal.published, proposal.year = stated.published, stated.year
    if proposal.review_name == proposal.title[:200] and REVIEW_NAME.search(stated.review_name):
        proposal.review_name = stated.review_name


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
