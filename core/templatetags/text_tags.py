"""Text shortened for reading: whole sentences (or whole words), never cut mid-word."""

from django import template

from core.text import first_sentences

register = template.Library()


class Excerpt(str):
    """The shortened text, with `cut` True when some of the text was left out."""

    cut = False


@register.simple_tag
def excerpt(text, limit=300):
    """{% excerpt finding.text 300 as short %}{{ short }}{% if short.cut %}… read on{% endif %}"""
    shortened, cut = first_sentences(text, int(limit))
    result = Excerpt(shortened)
    result.cut = cut
    return result
