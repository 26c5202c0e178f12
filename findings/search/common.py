"""What both search engines share: the snippet sentinels and their safe highlighting."""

import re

import nh3
from django.utils.html import escape
from django.utils.safestring import mark_safe

START, STOP = "\x02", "\x03"
SNIPPET_WORDS = 30
# A common word matches tens of thousands of findings: rank the newest RANK_LIMIT of them only.
RANK_LIMIT = 1000
WORD = re.compile(r"\w+", re.UNICODE)


def highlight(snippet):
    """Safe HTML for a snippet: the text escaped, only the matches wrapped in <mark>."""
    html = escape(snippet or "").replace(START, "<mark>").replace(STOP, "</mark>")
    return mark_safe(nh3.clean(html, tags={"mark"}, attributes={}))  # noqa: S308 (sanitised)
