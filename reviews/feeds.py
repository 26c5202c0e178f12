"""The Atom feed of newly published reviews (/feeds/reviews/)."""

from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed

from core.text import first_sentences

from .models import Review

FEED_LENGTH = 20
SUMMARY_CHARS = 400


class NewReviewsFeed(Feed):
    """The most recently published reviews, newest first. Drafts never appear."""

    feed_type = Atom1Feed
    title = "Newly published case reviews – Case Review Learning"
    subtitle = "Learning from child safeguarding case reviews, as each review is published."
    link = reverse_lazy("reviews:review-list")

    def items(self):
        return Review.objects.recently_published().top_level().with_first_finding()[:FEED_LENGTH]

    def item_title(self, review):
        return f"{review.name} – {review.board.name}"

    def item_description(self, review):
        """What the review is about in its own words: its summary, else its key messages, else
        the first sentences of its first finding; then its kind and year."""
        quoted_key_messages = "\n\n".join(review.key_message_parts[0])  # not our notes
        text = review.summary or quoted_key_messages or review.first_finding_text or ""
        summary, _ = first_sentences(text, SUMMARY_CHARS)
        kind = review.get_kind_display() + (f", {review.year}" if review.year else "")
        return f"{summary} ({kind})" if summary else f"{kind}."

    def item_pubdate(self, review):
        return review.published_at

    def item_updateddate(self, review):
        return review.updated_at

    def item_author_name(self, review):
        return review.board.name
