"""Factories for browse tests: a small corpus of boards, reviews, findings, themes and actions.

`build_corpus(size)` makes `size` boards, each with one published review of two findings on
neglect (one also on a second theme), a recommendation, a reflective question and an action plan
with one action — plus one draft review per board that must never show.
"""

import hashlib
from itertools import count

from actions.models import Action, ActionPlan, Lead
from findings.models import Finding, Recommendation, ReflectiveQuestion
from findings.services import refresh_counts
from reviews.models import Board, Briefing, Family, Review
from themes.models import Theme

_sequence = count(1)

BRIEFING_LINES = [
    "Learning briefing",
    "",
    "Finding 1: Neglect was not recognised",
    "The children's neglect was not recognised because professionals saw each incident alone.",
    "Home conditions were poor over many years.",
    "",
    "Finding 2: Professional curiosity",
    "Practitioners accepted the parents' account without challenge or curiosity.",
    "Recommendation: supervision should test what is being accepted.",
    "The end.",
]


def theme(slug, name=None, facet=Theme.Facet.RISK, order=0):
    """The theme with `slug`, made if missing."""
    obj, _ = Theme.objects.get_or_create(
        slug=slug,
        defaults={
            "name": name or slug.replace("-", " ").capitalize(),
            "facet": facet,
            "order": order,
            "description": f"About {slug}.",
        },
    )
    return obj


def board(name=None):
    n = next(_sequence)
    name = name or f"Board number {n} Safeguarding Partnership"
    return Board.objects.create(name=name, slug=f"board-{n}", abbreviation="BSCB", area=f"Area {n}")


def briefing(publisher, lines=BRIEFING_LINES):
    n = next(_sequence)
    text = "\n".join(lines)
    return Briefing.objects.create(
        title=f"Briefing {n}",
        slug=f"briefing-{n}",
        publisher=publisher,
        full_text=text,
        sha256=hashlib.sha256(f"{n}{text}".encode()).hexdigest(),
    )


def review(of_board, *, status=Review.Status.PUBLISHED, year=2018, with_briefing=True, **extra):
    n = next(_sequence)
    return Review.objects.create(
        name=extra.pop("name", f"Family R{n}"),
        slug=f"review-{n}",
        board=of_board,
        briefing=briefing(of_board) if with_briefing else None,
        kind=extra.pop("kind", Review.Kind.SERIOUS_CASE_REVIEW),
        year=year,
        status=status,
        summary=extra.pop("summary", "A review of practice with a family."),
        **extra,
    )


def finding(of_review, text, *themes, order=0, label="", line=None):
    n = next(_sequence)
    obj = Finding.objects.create(
        review=of_review,
        key=f"finding-{n}",
        label=label or f"Finding {order + 1}",
        title="",
        text=text,
        order=order,
        source_line_start=line,
        source_line_end=line + 1 if line else None,
    )
    obj.themes.set(themes)
    return obj


def populated_review(of_board, *, status=Review.Status.PUBLISHED):
    """A review with a family, two findings, a recommendation, a question and an action."""
    neglect = theme("neglect", "Neglect", order=1)
    curiosity = theme("professional-curiosity", "Professional curiosity", Theme.Facet.PRACTICE, 1)
    obj = review(of_board, status=status)
    Family.objects.create(review=obj, pseudonym=f"{obj.name}", children="Three children.")
    first = finding(
        obj,
        "The children's neglect was not recognised because professionals saw each incident "
        "alone; home conditions were poor over many years.",
        neglect,
        line=3,
    )
    second = finding(
        obj,
        "Practitioners accepted the parents' account without challenge or curiosity about the "
        "neglected home.",
        neglect,
        curiosity,
        order=1,
        line=7,
    )
    Recommendation.objects.create(
        review=obj, finding=first, key="rec-1", text="Use a neglect assessment tool."
    )
    ReflectiveQuestion.objects.create(
        review=obj, finding=second, key="q-1", text="How do you test what parents tell you?"
    )
    plan = ActionPlan.objects.create(
        review=obj,
        finding=first,
        key="plan-1",
        title="Recognising neglect",
        success_measure="Audits show neglect is recognised earlier.",
    )
    lead = Lead.objects.create(board=of_board, name=f"QA Lead {obj.pk}")
    Action.objects.create(
        plan=plan,
        key="action-1",
        description="Train every team in the neglect toolkit.",
        lead=lead,
        deadline_text="summer 2018",
        status=Action.Status.IN_PROGRESS,
    )
    return obj


def build_corpus(size):
    """`size` boards, each with a published and a draft review: returns the boards.

    Rows made here bypass the services, so the pre-aggregated counts are refreshed at the end,
    as a bulk load would.
    """
    boards = []
    for _ in range(size):
        b = board()
        populated_review(b)
        populated_review(b, status=Review.Status.DRAFT)
        boards.append(b)
    refresh_counts()
    return boards
