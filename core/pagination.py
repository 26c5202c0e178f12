"""A pager that never counts: a page is read with one row more than it shows, and that row says
whether there is a next page. For long lists where COUNT(*) would cost more than the page."""

from dataclasses import dataclass

# Page numbers past this are read as this one: a huge number would overflow the database's OFFSET.
MAX_PAGE = 10_000


@dataclass
class PeekPage:
    """One page of a list, with links to the pages either side (`param` keeps other filters)."""

    object_list: list
    number: int
    has_next: bool
    previous_url: str
    next_url: str

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)

    def __bool__(self):
        return bool(self.object_list)


def peek_page(queryset, request, *, param="page", size=10):
    """The page of `queryset` named by `request.GET[param]` (1 if absent or bad): one query."""
    try:
        number = min(MAX_PAGE, max(1, int(request.GET.get(param, 1))))
    except ValueError:
        number = 1
    start = (number - 1) * size
    rows = list(queryset[start : start + size + 1])

    def url(n):
        params = request.GET.copy()
        params[param] = n
        return f"?{params.urlencode()}"

    return PeekPage(
        object_list=rows[:size],
        number=number,
        has_next=len(rows) > size,
        previous_url=url(number - 1) if number > 1 else "",
        next_url=url(number + 1) if len(rows) > size else "",
    )
