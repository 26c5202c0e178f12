"""Text similarity, for “similar findings”: a finding's significant words, matched by the
full-text engine (ts_rank or bm25), so that stemming and the rarity of words count.

Bounded work: only candidates are ranked, never the corpus. The candidates are the findings that
share most of the finding's themes (chosen from the theme table alone) and a few that share two
of its most significant words; both engines rank them in one query.
"""

from collections import Counter

from django.db import connection

from . import postgres, sqlite
from .common import WORD

# Words too common in this corpus to say anything about how alike two findings are.
_STOPWORDS_TEXT = """
    a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers him his how i if in into is it its itself just
    more most my no nor not now of off on once only or other our out over own same she should so
    some such than that the their them then there these they this those through to too under
    until up very was we were what when where which while who whom why will with would you your
    child children family families professional professionals practitioners practice agencies
    agency case review reviews work working within need needs there they were been made make
"""
STOPWORDS = frozenset(_STOPWORDS_TEXT.split())
PAIR_WORDS = 4  # text candidates hold two of the finding's four most significant words
TEXT_CANDIDATES = 100
THEME_WINDOW = 3000  # theme rows read for theme candidates: the newest on the finding's themes


def theme_candidates(through, finding_pk, theme_ids, limit):
    """{finding id: number of `theme_ids` it has} for the `limit` findings sharing most of the
    themes, newest first among equals, of the findings on them that are newest (within the newest
    THEME_WINDOW rows of the themes' (theme, finding) index). One query, bounded at any size:
    each theme's newest rows come from a backward walk of the index and are merged by finding
    id, so a finding's rows are counted together; never a count over every finding of a theme
    (a common theme has 20,000 at 150,000 findings). `through` is Finding.themes.through."""
    if not theme_ids:
        return {}
    table = connection.ops.quote_name(through._meta.db_table)
    per_theme = (
        f"SELECT finding_id FROM (SELECT finding_id FROM {table} WHERE theme_id = %s "
        "ORDER BY finding_id DESC LIMIT %s) AS t{}"
    )
    union = " UNION ALL ".join(per_theme.format(i) for i in range(len(theme_ids)))
    sql = (
        f"SELECT finding_id, COUNT(*) AS shared FROM (SELECT finding_id FROM ({union}) AS u "
        "ORDER BY finding_id DESC LIMIT %s) AS recent WHERE finding_id <> %s "
        "GROUP BY finding_id ORDER BY shared DESC, finding_id DESC LIMIT %s"
    )
    params = [value for pk in sorted(theme_ids) for value in (pk, THEME_WINDOW)]
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, THEME_WINDOW, finding_pk, limit])
        return dict(cursor.fetchall())


def significant_words(text, limit=12):
    """The words of `text` that say most about it: not stopwords, longest and commonest first."""
    words = [word.lower() for word in WORD.findall(text) if len(word) > 3 and word.isalpha()]
    counts = Counter(word for word in words if word not in STOPWORDS)
    return [word for word, _ in sorted(counts.items(), key=lambda item: (-item[1], -len(item[0])))][
        :limit
    ]


def candidate_ranks(queryset, candidate_pks, text):
    """{pk: text rank} for the findings of `queryset` among `candidate_pks`, plus up to
    TEXT_CANDIDATES more that share two of `text`'s most significant words. One query."""
    words = significant_words(text)
    queryset = queryset.order_by()  # ranked here, sorted by the caller: no ORDER BY to pay for
    if not words:
        return dict.fromkeys(
            queryset.filter(pk__in=list(candidate_pks)).values_list("pk", flat=True), 0
        )
    engine = postgres if connection.vendor == "postgresql" else sqlite
    rows = engine.ranked_candidates(
        queryset, candidate_pks, words, words[:PAIR_WORDS], TEXT_CANDIDATES
    )
    return {pk: rank or 0 for pk, rank in rows}
