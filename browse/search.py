"""Search over everything: reviews (by name, summary, family or board), boards, findings,
recommendations, reflective questions and actions, each group ranked on its own full-text index
(findings/search/), and a spelling suggestion when nothing matches.

Bounded work per group, whatever the corpus: one statement reads the newest RANK_LIMIT matches
once, counts them (so the count says “1,000 or more” past that) and ranks the newest of them
(findings/search.count_and_rank_sql; the six groups' statements go in one query), and, when
there are any, one more query reads the best few (or a page) with what their cards show and
their highlighted snippets, for those rows only. What is published is tested against the few
unpublished reviews (Review.objects.not_published).
"""

import difflib
import functools
import re
from dataclasses import dataclass

from django.core.cache import cache
from django.db import connection
from django.db.models import Prefetch
from django.db.models.expressions import RawSQL

from actions.models import Action
from findings import search
from findings.models import Finding, Recommendation, ReflectiveQuestion
from findings.search import tables
from findings.search.sqlite import fts5_query
from reviews.models import Board, Family, Review
from themes.models import Theme

RANK_LIMIT = search.RANK_LIMIT
# The overview shows each kind's best few among its newest OVERVIEW_RANKED matches and counts
# them up to that (“more than 200”); all of a kind's page ranks and counts up to RANK_LIMIT. Six
# kinds on one page must cost about what one kind did: counting a common word's findings to
# 1,000 read 8,500 of them newest first at 150,000 findings (20,000 recommendations), ~5 ms each,
# where 200 read a fifth of that, which the small corpus costs as well.
OVERVIEW_RANKED = 200


@dataclass(frozen=True)
class Group:
    """One kind of result: its key in the URL (?type=…), its heading, and how it is searched."""

    key: str
    label: str
    singular: str
    plural: str

    def base(self):
        """The published rows of this kind, unordered (what can match)."""
        return GROUP_QUERYSETS[self.key]()

    def matching(self, query):
        """The published rows matching `query` (websearch syntax)."""
        if self.key == "findings":
            return search.matching(SEARCHED["findings"](), query)
        if self.key == "reviews":
            return reviews_matching(query)
        rows = SEARCHED[self.key]() if self.key in SEARCHED else self.base()
        condition = INDEXES[self.key].condition(query)
        return rows.none() if condition is None else rows.filter(condition)

    def count_and_rank(self, query, *, among, limit, offset=0):
        """(SQL, params) and ties of one statement that counts the newest `among` + 1 matches
        (more than `among` when it finds that many) and gives the pks of `limit` of the newest
        `among` from `offset`, best first, with their ranks (findings/search.count_and_rank_sql);
        None when nothing can match."""
        hits = newest_matches(self.key, query, among + 1)
        if hits is None:
            return None
        index = tables.FINDINGS if self.key == "findings" else INDEXES[self.key]
        # Equal ranks: findings oldest first, as search.ranked has always ordered them.
        ties = "ASC" if self.key == "findings" else "DESC"
        statement = search.count_and_rank_sql(
            *hits, index, query, among=among, limit=limit, offset=offset, ties=ties
        )
        return statement, ties

    def rows(self, pks, query):
        """The rows `pks` in that order, with what their cards show and `snippet_html`: one
        query (plus a prefetch), headlines for these rows only."""
        if not pks:
            return []
        by_pk = {row.pk: row for row in self.ranked(pks, query)}
        return with_snippets([by_pk[pk] for pk in pks if pk in by_pk])

    def ranked(self, ids, query):
        """The rows `ids`, best match first, each with `snippet_html` (once read)."""
        rows = self.base().filter(pk__in=ids)
        if self.key == "findings":
            return search.ranked_bounded(rows.with_context(), query)
        index = INDEXES[self.key]
        rows = DISPLAY[self.key](rows).annotate(rank=index.rank(query))
        if self.key in SNIPPETS:
            rows = rows.annotate(snippet=index.snippet(query))
        return rows.order_by("-rank", "-pk")


GROUPS = [
    Group("reviews", "Reviews", "review", "reviews"),
    Group("boards", "Boards", "board", "boards"),
    Group("findings", "Findings", "finding", "findings"),
    Group("recommendations", "Recommendations", "recommendation", "recommendations"),
    Group("questions", "Questions for practitioners", "question", "questions"),
    Group("actions", "Actions", "action", "actions"),
]
GROUPS_BY_KEY = {group.key: group for group in GROUPS}

GROUP_QUERYSETS = {
    "reviews": lambda: Review.objects.published(),
    "boards": lambda: Board.objects.visible(),
    "findings": lambda: Finding.objects.published(),
    "recommendations": lambda: Recommendation.objects.published(),
    "questions": lambda: ReflectiveQuestion.objects.published(),
    "actions": lambda: Action.objects.published(),
}


def unpublished_reviews():
    """The ids of the reviews not published, as a subquery (Review.objects.not_published)."""
    return Review.objects.not_published().values("pk")


# What a kind's matches are read from: the same rows as GROUP_QUERYSETS (published), tested
# against the unpublished reviews.
SEARCHED = {
    "findings": lambda: Finding.objects.exclude(review__in=unpublished_reviews()),
    "recommendations": lambda: Recommendation.objects.exclude(review__in=unpublished_reviews()),
    "questions": lambda: ReflectiveQuestion.objects.exclude(review__in=unpublished_reviews()),
    "actions": lambda: Action.objects.exclude(plan__review__in=unpublished_reviews()),
}
INDEXES = {
    "reviews": tables.REVIEWS,
    "boards": tables.BOARDS,
    "recommendations": tables.RECOMMENDATIONS,
    "questions": tables.QUESTIONS,
    "actions": tables.ACTIONS,
}
SNIPPETS = {"recommendations", "questions", "actions"}
DISPLAY = {
    "reviews": lambda rows: rows.select_related("board").prefetch_related(
        Prefetch("families", queryset=Family.objects.order_by("pseudonym"))
    ),
    "boards": lambda rows: rows,
    "recommendations": lambda rows: rows.select_related("review__board", "finding"),
    "questions": lambda rows: rows.select_related("review__board", "finding"),
    "actions": lambda rows: rows.select_related("lead", "plan__review__board", "plan__finding"),
}


def reviews_matching(query):
    """Published reviews whose own words match, whose family's pseudonym or description
    matches (“Baby JW”), or whose board's name or area matches (“Hampshire”): one subquery, the
    union of the three indexes' matches (an OR of three would scan every review)."""
    own = tables.REVIEWS.matching_ids(query)
    if own is None:
        return Review.objects.none()
    families = tables.FAMILIES.matching_ids(query)
    boards = tables.BOARDS.matching_ids(query)
    union = RawSQL(
        f"{own.sql} UNION SELECT review_id FROM reviews_family WHERE id IN ({families.sql}) "
        f"UNION SELECT id FROM reviews_review WHERE board_id IN ({boards.sql})",
        [*own.params, *families.params, *boards.params],
    )
    return Review.objects.published().filter(pk__in=union)


# Compiling a kind's matching queryset cost about 0.5 ms a kind, every search: it is compiled
# once for this stand-in query, whose place among the parameters the real query then takes.
_STAND_IN = "zzstandinzz"


@functools.cache
def _compiled_matches(key, vendor, limit):
    """(SQL, params) of the newest `limit` matches of kind `key` for the stand-in query."""
    hits = GROUPS_BY_KEY[key].matching(_STAND_IN).order_by("-pk").values_list("pk")[:limit]
    sql, params = hits.query.sql_with_params()
    if _stand_in(vendor) not in params:
        raise ValueError(f"the {key} matches do not take the query as a parameter")
    return sql, tuple(params)


def _stand_in(vendor, query=_STAND_IN):
    """The query as the compiled SQL's parameter reads it (an FTS5 expression on SQLite)."""
    return fts5_query(query) if vendor == "sqlite" else query


def newest_matches(key, query, limit):
    """(SQL, params) of the ids of the newest `limit` published matches of kind `key`, newest
    first, or None when nothing can match (an empty query)."""
    query = search.clean_query(query)
    vendor = connection.vendor
    actual = _stand_in(vendor, query) if query else ""
    if not actual:
        return None
    sql, params = _compiled_matches(key, vendor, limit)
    stand_in = _stand_in(vendor)
    return sql, [actual if param == stand_in else param for param in params]


@dataclass
class GroupResult:
    """A group's results for a query: how many match (counted up to `limit` + 1: more than
    `limit` is all it says past that) and the best few (or a page)."""

    group: Group
    counted: int
    rows: list
    limit: int

    @property
    def capped(self):
        return self.counted > self.limit

    @property
    def count(self):
        """The number of matches, or `limit` when there are more."""
        return min(self.counted, self.limit)


def with_snippets(rows):
    for row in rows:
        row.snippet_html = search.highlight(getattr(row, "snippet", ""))
    return rows


def counted_and_ranked(groups, query, **bounds):
    """[(number of matches, [pk best first])] for each of `groups`: one query for them all."""
    statements = [group.count_and_rank(query, **bounds) for group in groups]
    results = iter(search.count_and_rank_all([s for s in statements if s is not None]))
    return [(0, []) if statement is None else next(results) for statement in statements]


def overview(query, *, per_group=5):
    """[GroupResult] for every group: its count (up to OVERVIEW_RANKED, more than that past it)
    and the best `per_group` rows of its newest OVERVIEW_RANKED matches. One query counts and ranks every group's
    matches and, per group with matches, one (plus a prefetch) reads the rows shown."""
    query = search.clean_query(query)
    counted = counted_and_ranked(GROUPS, query, among=OVERVIEW_RANKED, limit=per_group)
    return [
        GroupResult(group, count, group.rows(pks, query), OVERVIEW_RANKED)
        for group, (count, pks) in zip(GROUPS, counted, strict=True)
    ]


def one_group(group, query, page=1, per_page=20):
    """(GroupResult of page `page` of `group`'s newest RANK_LIMIT matches ranked, best first,
    counted up to RANK_LIMIT; the page number, within the pages there are). Two queries (plus a
    prefetch), one more for a page past the last."""
    query = search.clean_query(query)
    page = max(int(page or 1), 1)
    [(count, pks)] = counted_and_ranked(
        [group], query, among=RANK_LIMIT, limit=per_page, offset=(page - 1) * per_page
    )
    last = max((min(count, RANK_LIMIT) + per_page - 1) // per_page, 1)
    if page > last:
        page = last
        [(count, pks)] = counted_and_ranked(
            [group], query, among=RANK_LIMIT, limit=per_page, offset=(page - 1) * per_page
        )
    return GroupResult(group, count, group.rows(pks, query), RANK_LIMIT), page


# Spelling suggestions ---------------------------------------------------------------------

VOCABULARY_KEY = "search-vocabulary-v1"
VOCABULARY_SECONDS = 60 * 60
VOCABULARY_SAMPLE = 2000  # the newest findings (and recommendations, questions) read for words
_WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)


def vocabulary():
    """(theme words, other words): the words worth suggesting, lower case. Theme names and
    keywords first (what people most often look for), then the names of boards, reviews and
    families and the words of the newest published findings and learning. Cached for an hour:
    four queries when it is not."""
    words = cache.get(VOCABULARY_KEY)
    if words is None:
        theme_text = " ".join(
            f"{name} {keywords}" for name, keywords in Theme.objects.values_list("name", "keywords")
        )
        texts = [
            " ".join(Board.objects.visible().values_list("name", flat=True)),
            " ".join(Review.objects.published().values_list("name", flat=True)),
        ]
        texts += [
            f"{title} {text}"
            for title, text in Finding.objects.published()
            .order_by("-pk")
            .values_list("title", "text")[:VOCABULARY_SAMPLE]
        ]
        theme_words = sorted({w.lower() for w in _WORD.findall(theme_text)})
        other = sorted(
            {w.lower() for text in texts for w in _WORD.findall(text)} - set(theme_words)
        )
        words = (theme_words, other)
        cache.set(VOCABULARY_KEY, words, VOCABULARY_SECONDS)
    return words


def suggestion(query):
    """The query with each unknown word replaced by the closest known word (theme words
    first), or "" when every word is known or nothing is close: “negelct” → “neglect”."""
    theme_words, other_words = vocabulary()
    known = set(theme_words) | set(other_words)
    changed, parts = False, []
    for part in re.split(r"(\W+)", search.clean_query(query)):
        word = part.lower()
        if len(word) < 4 or not word.isalpha() or word in known:
            parts.append(part)
            continue
        close = closest(word, theme_words) or closest(word, other_words)
        if close:
            parts.append(close)
            changed = True
        else:
            parts.append(part)
    return "".join(parts) if changed else ""


def closest(word, words):
    """The word of `words` most like `word` (only those of a similar length are compared)."""
    candidates = [w for w in words if abs(len(w) - len(word)) <= 2 and w[0] == word[0]]
    matches = difflib.get_close_matches(word, candidates, n=1, cutoff=0.7)
    return matches[0] if matches else ""
