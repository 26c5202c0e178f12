"""What a proposal holds: the review, its findings and what hangs under each; the parser fills
it, the preview edits it and `services.save_draft` writes it."""

import datetime
from dataclasses import dataclass, field


@dataclass
class ProposedAction:
    description: str
    lead: str = ""
    deadline: str = ""
    line: int | None = None
    status: str = ""  # "complete" where the briefing says it is done
    measure: str = ""  # its own success measure, where the plan gives one per action


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
    board_name: str = ""  # the board the text names as the review's, for guess_board
    board_abbreviation: str = ""
    published: datetime.date | None = None  # for deadlines such as “within 6 months”
    notes: list[str] = field(default_factory=list)  # what was seen but not understood
    unread_tables: list[list[list[str]]] = field(default_factory=list)  # shown to the admin
    recognised: list[tuple[int, str, str]] = field(default_factory=list)  # line, role, heading
    parts: list["Proposal"] = field(default_factory=list)  # the other reviews a bulletin carries

    @property
    def action_count(self):
        return len(self.actions) + sum(len(f.actions) for f in self.findings)

    @property
    def recommendation_count(self):
        return len(self.recommendations) + sum(len(f.recommendations) for f in self.findings)

    @property
    def roles(self) -> set[str]:
        """The kinds of section recognised by their heading."""
        return {role for _, role, _ in self.recognised}

    @property
    def all_recommendations(self):
        return self.recommendations + [r for f in self.findings for r in f.recommendations]

    @property
    def all_questions(self):
        return self.questions + [q for f in self.findings for q in f.questions]

    @property
    def all_actions(self):
        return self.actions + [a for f in self.findings for a in f.actions]

    @property
    def question_count(self):
        return len(self.questions) + sum(len(f.questions) for f in self.findings)
