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


MAX_QUERY_CHARS = 1000
# A run of hyphens, or a hyphen that negates nothing ("- - -"), overflows PostgreSQL's parser.
_LOOSE_HYPHENS = re.compile(r"-{2,}|-(?!\w)")


def clean_query(query):
    """The query as the engines may safely read it: NULs dropped, runs of hyphens (which
    overflow PostgreSQL's tsquery parser: “tsquery stack too small”) and hyphens before nothing
    taken as spaces, and at most MAX_QUERY_CHARS characters."""
    query = (query or "").replace("\x00", " ")[:MAX_QUERY_CHARS]
    return _LOOSE_HYPHENS.sub(" ", query).strip()
