"""Briefing text for reading: the HTML markup that came with the extracted text taken out.

The stored text keeps everything (it is the record); on screen, tags such as
<ul style="list-style-type: none"> inside Wiltshire's action tables are noise. nh3 with no tags
allowed strips them and escapes the rest, so the result is safe to mark as HTML.
"""

import nh3
from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def without_markup(text):
    """The text with any HTML tags removed and everything else escaped."""
    return mark_safe(nh3.clean(text or "", tags=set()))  # noqa: S308 (sanitised by nh3)
