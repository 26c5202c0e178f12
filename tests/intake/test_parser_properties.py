"""Property tests: no input text makes the intake parser raise or run slowly (issue #11).

Hypothesis builds texts from the pieces briefings are made of (headings the vocabulary knows,
labels, bullets, numbering, tab and pipe rows, Markdown marks, HTML, odd spaces and quotes) as
well as arbitrary text, and the parser must return a proposal for each within a second per
100 kB. Timings are a property here, not a benchmark: the bound is generous (a regular
expression gone quadratic or worse misses it by orders of magnitude).
"""

import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intake.document import read_blocks
from intake.parser import parse_parts

PIECES = [
    "Findings", "Key findings", "Recommendations", "What needs to change", "Action plan",
    "What will happen", "Questions to reflect on", "Contents", "What went well", "Good practice",
    "Finding one", "Finding 2:", "**Finding 3**", "Learning point 1: ", "Lesson A – ",
    "Step 4: ", "4. ", "4.2 ", "(a) ", "1) ", "i. ", "• ", "- ", "* ", "– ", "· ", "▪ ", "➢ ",
    "# ", "## ", "### ", "|", " | ", "\t", "|---|---|", "Action\tLead\tBy when",
    "| Action | Lead | Deadline |", "Action: ", "Lead: ", "By: ", " — ", "<ul><li>", "</p>",
    "CHILD Q", "Child Q", "Family W", "Northshire Safeguarding Children Partnership (NSCP)",
    "published March 2024", "within 6 months", "Q3 2024/25", "summer 2020", "\u00a0", "\u00ad",
    "’", "“", "\r\n", "\n", "\n\n", ".", "?", ":", "a", "The review found that ",
    "How do you know?", "......... 3", "2019", "Serious Case Review",
]  # fmt: skip

briefing_like = st.lists(
    st.one_of(st.sampled_from(PIECES), st.text(max_size=40)), max_size=300
).map("".join)


def _check(text: str):
    read_blocks(text)  # the document model alone must not raise either
    started = time.perf_counter()
    parts = parse_parts(text)  # both readers: by sections, and line by line
    elapsed = time.perf_counter() - started
    assert parts, "a proposal, even an empty one, for every text"
    assert elapsed < 1.0 * max(1, len(text) / 100_000) + 0.5


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(briefing_like)
def test_no_briefing_like_text_makes_the_parser_raise_or_crawl(text):
    _check(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=3000))
def test_no_arbitrary_text_makes_the_parser_raise_or_crawl(text):
    _check(text)


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(PIECES), st.integers(min_value=1_000, max_value=20_000))
def test_one_piece_repeated_100_kb_and_more_stays_within_the_bound(piece, times):
    _check((piece * times)[:300_000])


def test_one_long_line_without_breaks_stays_within_the_bound():
    _check("Finding 1: " + "word " * 60_000)
    _check("| a " * 75_000)
    _check("\t" * 100_000 + "x")
