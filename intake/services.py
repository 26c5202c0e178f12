"""Intake writes: save a confirmed proposal as a draft review, in one transaction.

The intake sits above both `reviews` and `findings` (it creates findings, action plans and
actions), so this sub-package imports `findings.models`; nothing in `reviews` proper imports the
intake, so the app dependency `themes <- reviews <- findings` still runs one way.
"""

from django.db import IntegrityError, transaction
from django.utils.text import slugify

from actions.models import Action, ActionPlan, Lead
from findings.models import Finding, Recommendation, ReflectiveQuestion
from reviews.models import Board, Briefing, Family, Review

from .deadlines import due_date
from .extract import IntakeError, sha256_of
from .parser import Proposal


def existing_briefing(sha256: str):
    return Briefing.objects.filter(sha256=sha256).select_related("publisher").first()


def duplicate_message(briefing) -> str:
    return (
        f"This briefing has already been imported as “{briefing.title}” (published by "
        f"{briefing.publisher}); its text has the same SHA-256. Nothing was saved."
    )


def _unique_slug(model, base: str, *, max_length: int = 200) -> str:
    base = (slugify(base) or "briefing")[: max_length - 4].strip("-")
    taken = set(model.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def _key(label: str, used: set, fallback: str) -> str:
    base = slugify(label.replace(".", "-")) or fallback
    key, number = base[:110], 2
    while key in used:
        key, number = f"{base[:100]}-{number}", number + 1
    used.add(key)
    return key


class _Writer:
    """Writes one proposal's rows, keeping keys unique within the review and leads shared."""

    def __init__(self, review, board, *, published=None):
        self.review = review
        self.board = board
        self.published = published  # “within 6 months” counts from it
        self.leads = {}
        self.keys = {
            name: set() for name in ("finding", "recommendation", "question", "plan", "action")
        }
        self.orders = {"recommendation": 0, "question": 0, "plan": 0}

    def key(self, kind, label):
        return _key(label, self.keys[kind], kind)

    def next_order(self, kind):
        self.orders[kind] += 1
        return self.orders[kind]

    def lead(self, name):
        name = name.strip()[:200]
        if not name:
            return None
        if name not in self.leads:
            self.leads[name] = Lead.objects.get_or_create(board=self.board, name=name)[0]
        return self.leads[name]

    def finding(self, proposed, order):
        finding = Finding.objects.create(
            review=self.review,
            key=self.key("finding", proposed.label or f"{proposed.kind}-{order}"),
            label=proposed.label[:120],
            title=proposed.title[:300],
            text=proposed.text,
            kind=proposed.kind,
            order=order,
            source_section=proposed.section[:300],
            source_line_start=proposed.line_start,
            source_line_end=proposed.line_end,
        )
        if proposed.theme_ids:
            finding.themes.set(proposed.theme_ids)
        return finding

    def items(self, *, finding, prefix, recommendations, questions):
        for text in filter(str.strip, recommendations):
            order = self.next_order("recommendation")
            Recommendation.objects.create(
                review=self.review,
                finding=finding,
                key=self.key("recommendation", f"{prefix}-recommendation-{order}"),
                text=text,
                order=order,
            )
        for text in filter(str.strip, questions):
            order = self.next_order("question")
            ReflectiveQuestion.objects.create(
                review=self.review,
                finding=finding,
                key=self.key("question", f"{prefix}-question-{order}"),
                text=text,
                order=order,
            )

    def plan(self, *, finding, prefix, measure, actions, title=""):
        if not actions and not measure.strip():
            return
        plan = ActionPlan.objects.create(
            review=self.review,
            finding=finding,
            key=self.key("plan", f"{prefix}-plan"),
            title=title[:300],
            success_measure=measure,
            order=self.next_order("plan"),
        )
        for order, action in enumerate(actions, start=1):
            Action.objects.create(
                plan=plan,
                key=self.key("action", f"{prefix}-action-{order}"),
                description=action.description,
                lead=self.lead(action.lead),
                deadline_text=action.deadline[:200],
                due_date=due_date(action.deadline, published=self.published),
                status=(
                    Action.Status.COMPLETE
                    if action.status == Action.Status.COMPLETE
                    else Action.Status.NO_UPDATE
                ),
                order=order,
                source_line_start=action.line,
                source_line_end=action.line,
            )


def _board_of(part, default: Board) -> Board:
    """The board a bulletin's other review names: a known board by name or abbreviation, else a
    new board with that name (the proposal page said so), else the default."""
    name = part.board_name.strip()[:200]
    if not name:
        return default
    known = Board.objects.filter(name__iexact=name).first()
    if known is None and part.board_abbreviation:
        same = list(Board.objects.filter(abbreviation__iexact=part.board_abbreviation)[:2])
        known = same[0] if len(same) == 1 else None
    if known is not None:
        return known
    return Board.objects.create(
        name=name, slug=_unique_slug(Board, name), abbreviation=part.board_abbreviation[:20]
    )


@transaction.atomic
def _save(*, proposal, board, publisher, briefing_title, text, file_name, sha256, other_parts=()):
    briefing = Briefing.objects.create(
        title=briefing_title[:300],
        slug=_unique_slug(Briefing, briefing_title),
        publisher=publisher,
        file_name=file_name[:255],
        full_text=text,
        sha256=sha256,
    )
    review = _write_review(proposal, board, briefing)
    for part in other_parts:
        if part.review_name.strip():
            _write_review(part, _board_of(part, board), briefing)
    return review


def _write_review(proposal, board, briefing):
    review = Review.objects.create(
        name=proposal.review_name[:200],
        slug=_unique_slug(Review, f"{proposal.review_name}-{board.abbreviation or board.slug}"),
        board=board,
        briefing=briefing,
        kind=proposal.kind,
        year=proposal.year,
        practice_period=proposal.practice_period[:200],
        status=Review.Status.DRAFT,
    )
    if proposal.family_pseudonym.strip():
        Family.objects.create(
            review=review,
            pseudonym=proposal.family_pseudonym.strip()[:120],
            children=proposal.family_children,
            circumstances=proposal.family_circumstances,
        )
    writer = _Writer(review, board, published=proposal.published)
    for order, proposed in enumerate(proposal.findings, start=1):
        finding = writer.finding(proposed, order)
        writer.items(
            finding=finding,
            prefix=finding.key,
            recommendations=proposed.recommendations,
            questions=proposed.questions,
        )
        writer.plan(
            finding=finding,
            prefix=finding.key,
            measure=proposed.success_measure,
            actions=proposed.actions,
        )
    writer.items(
        finding=None,
        prefix="review",
        recommendations=proposal.recommendations,
        questions=proposal.questions,
    )
    writer.plan(
        finding=None,
        prefix="review",
        measure="",
        actions=proposal.actions,
        title="Actions for the review as a whole",
    )
    return review


def save_draft(
    *,
    proposal: Proposal,
    board: Board,
    publisher: Board,
    briefing_title: str,
    text: str,
    file_name: str = "",
    other_parts=(),
) -> Review:
    """Save the briefing (whole text, SHA-256) and the confirmed proposal as a DRAFT review.

    `other_parts`, the other reviews a bulletin carries, are each saved as their own draft
    review of the same briefing, as proposed. All or nothing: a briefing already imported (same SHA-256), even one imported a moment ago by
    someone else, raises IntakeError and nothing is written.
    """
    sha256 = sha256_of(text)
    if duplicate := existing_briefing(sha256):
        raise IntakeError(duplicate_message(duplicate))
    if not proposal.review_name.strip():
        raise IntakeError("The review needs a name.")
    try:
        return _save(
            proposal=proposal,
            board=board,
            publisher=publisher,
            briefing_title=briefing_title or proposal.title or proposal.review_name,
            text=text,
            file_name=file_name,
            sha256=sha256,
            other_parts=other_parts,
        )
    except IntegrityError as error:
        if duplicate := existing_briefing(sha256):
            raise IntakeError(duplicate_message(duplicate)) from error
        raise


def unheld_lead_names(review) -> list[str]:
    """The names of the leads the review's actions name that nobody holds yet, A to Z."""
    return list(
        Lead.objects.filter(actions__plan__review=review, holders__isnull=True)
        .order_by("name")
        .values_list("name", flat=True)
        .distinct()
    )
