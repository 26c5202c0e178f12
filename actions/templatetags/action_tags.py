"""Template filters of the action tracker."""

from django import template

from actions.models import Action
from actions.querysets import RAG_LABELS

register = template.Library()


@register.filter
def status_colour(status):
    """The tag colour of an action status (BRAG: blue complete, green in progress, amber not
    started, red at risk, grey no update), as `Action.STATUS_COLOURS` gives it."""
    return Action.STATUS_COLOURS.get(status, "grey")


@register.filter
def rag_label(rag):
    """The words of a RAG value (ActionQuerySet.with_rag): “Red”, “Amber”, … “Historic”."""
    return RAG_LABELS.get(rag, "")
