"""A finding's passage in its source briefing, with a few lines either side for context."""

CONTEXT_LINES = 3


def passage_in_context(full_text, start, end, context=CONTEXT_LINES):
    """[(line number, text, is in the passage)] around lines start–end (1-based), or [].

    An end before the start, or past the end of the text, is read as the start (or the last
    line): the provenance may be slightly off, never fatal.
    """
    if not full_text or not start:
        return []
    lines = full_text.splitlines()
    if start > len(lines):
        return []
    end = min(max(end or start, start), len(lines))
    first = max(1, start - context)
    last = min(len(lines), end + context)
    return [
        (number, lines[number - 1], start <= number <= end) for number in range(first, last + 1)
    ]


def readable_passage(passage):
    """The passage as a reader should see it: rows of a table (tab-separated cells, such as an
    action plan's) are dropped from the context around the finding (the page lists the actions
    themselves), and within the finding's own lines their cells are joined with “ · ”."""
    readable = []
    for number, text, in_passage in passage:
        if "\t" in text:
            if not in_passage:
                continue
            text = " · ".join(cell.strip() for cell in text.split("\t") if cell.strip())
        readable.append((number, text, in_passage))
    return readable
