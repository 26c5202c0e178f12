"""Writes of the reviews app: keyword-only functions, each one transaction."""

from django.db import transaction
from django.utils import timezone

from .models import Review
from .signals import counts_changed


def affected_boards(review):
    """The boards whose counts change with `review`'s visibility: its own, and those of the
    reviews it covers (an empty covered review is counted only while nothing covers it)."""
    return sorted({review.board_id} | Review.objects.boards_covered_by([review.pk]))


@transaction.atomic
def publish_review(*, review: Review, now=None) -> Review:
    """Make a draft review (and so its findings and actions) visible to the public.

    `published_at` records the first publication and is kept if the review is republished.
    """
    review = Review.objects.select_for_update().get(pk=review.pk)
    if review.status != Review.Status.PUBLISHED:
        review.status = Review.Status.PUBLISHED
        review.published_at = review.published_at or now or timezone.now()
        review.save(update_fields=["status", "published_at", "updated_at"])
        counts_changed.send(sender=Review, board_ids=affected_boards(review))
    return review


@transaction.atomic
def unpublish_review(*, review: Review) -> Review:
    """Return a published review to draft: hidden from the public again, nothing deleted."""
    review = Review.objects.select_for_update().get(pk=review.pk)
    if review.status != Review.Status.DRAFT:
        review.status = Review.Status.DRAFT
        review.save(update_fields=["status", "updated_at"])
        counts_changed.send(sender=Review, board_ids=affected_boards(review))
    return review
