"""Atom feeds of newly added findings per theme (/feeds/themes/<slug>/) and per board
(/feeds/boards/<slug>/), for subscribing in a feed reader. Drafts never appear."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed
from django.utils.text import Truncator

from reviews.models import Board
from themes.models import Theme

from .models import Finding

FEED_LENGTH = 20


class FindingsFeed(Feed):
    """The latest published findings, newest first (the primary key's order: one bounded read)."""

    feed_type = Atom1Feed

    def item_title(self, finding):
        heading = finding.label or finding.get_kind_display()
        if finding.title:
            heading = f"{heading}: {finding.title}"
        return f"{heading} – {finding.review.name} ({finding.review.board.name})"

    def item_description(self, finding):
        year = f", {finding.review.year}" if finding.review.year else ""
        themes = ", ".join(theme.name for theme in finding.themes.all())
        context = f"{finding.review.get_kind_display()}{year}. Themes: {themes or 'none yet'}."
        return f"{Truncator(finding.text).words(80)} ({context})"

    def item_pubdate(self, finding):
        return finding.review.published_at

    def item_updateddate(self, finding):
        return finding.review.updated_at

    def item_author_name(self, finding):
        return finding.review.board.name


class ThemeFindingsFeed(FindingsFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Theme, slug=slug)

    def title(self, theme):
        return f"New findings on {theme.name} – Case Review Learning"

    def subtitle(self, theme):
        return f"Findings of child safeguarding case reviews on {theme.name}, newest first."

    def link(self, theme):
        return theme.get_absolute_url()

    def items(self, theme):
        on_theme = Finding.themes.through.objects.filter(theme=theme).values("finding_id")
        return (
            Finding.objects.published()
            .filter(pk__in=on_theme)
            .with_context()
            .order_by("-pk")[:FEED_LENGTH]
        )


class BoardFindingsFeed(FindingsFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Board.objects.visible(), slug=slug)

    def title(self, board):
        return f"New findings of {board.name} – Case Review Learning"

    def subtitle(self, board):
        return f"Findings of {board.name}'s published case reviews, newest first."

    def link(self, board):
        return board.get_absolute_url()

    def items(self, board):
        return (
            Finding.objects.published()
            .filter(review__board=board)
            .with_context()
            .order_by("-pk")[:FEED_LENGTH]
        )
