"""Sections by meaning: a small vocabulary maps a heading to the role of what follows it.

A heading is compared without its numbering (“3.”, “Step 3:”, “3 |”), emphasis, a closing colon,
case or curly apostrophes, against the patterns below, in order; the first that matches the whole
heading gives its role. To teach the intake a new wording, add it to the role's list (and a test
in tests/intake/test_sections.py): docs/intake.md has the rules.

- findings, recommendations, actions, questions: read into the proposal;
- good: good practice — not findings (“What went well” is the classic trap);
- background: the case, the family, the review's method — not findings even when numbered;
- contents: a contents list — its entries are dropped, not read as headings;
- end: further information, dates, links — ends whatever section was open.
"""

import re

ROLES: list[tuple[str, list[str]]] = [
    ("contents", [r"contents", r"table of contents", r"in this issue", r"in this briefing"]),
    (
        "good",
        [
            r"what went well",
            r"good practice",
            r"strengths?(?: in practice)?",
            r"effective practice",
            r"positive practice",
            r"what worked well",
        ],
    ),
    (
        "questions",
        [
            r"(?:reflective |key )?questions?",
            r"questions? (?:to|for) (?:reflect(?:ion)?|consider|think about|discuss)(?: on)?",
            r"questions? for [\w' ]{0,40}",
            r"reflect(?:ion|ive practice)?",
            r"points? to (?:consider|reflect on)",
        ],
    ),
    (
        "actions",
        [
            r"(?:the )?action plan",
            r"(?:immediate |agreed |key )?actions?(?: taken| agreed)?",
            r"what will happen(?: next)?",
            r"what (?:the|our) (?:board|partnership|panel) (?:is|are|has been|will be) doing",
            r"what (?:we|the board|the partnership) (?:are|is|will be) doing",
            r"[\w' ]{0,40} response to the recommendations",
        ],
    ),
    (
        "recommendations",
        [
            r"(?:key |our |the |relevant )?recommendations?",
            r"[\w']{1,30}(?:'s)? recommendations",
            r"what needs to change",
            r"what should change",
            r"improving systems and practice",
        ],
    ),
    (
        "findings",
        [
            r"(?:the |key |main )?findings(?: of the review)?",
            r"(?:key )?learning(?: points?)?",
            r"learning (?:for|from) (?:the |our )?(?:agency|agencies|region|practice|partners|the review)",
            r"what (?:we|the review) learn(?:ed|t)",
            r"(?:key |cross-cutting |main )?themes(?: and learning)?",
            r"emerging (?:issues|learning|themes)",
            r"lessons? (?:learn(?:ed|t)|for practice)",
        ],
    ),
    (
        "background",
        [
            r"background(?: to the review)?",
            r"introduction",
            r"(?:the )?(?:case|family|children|child|review|methodology|context)",
            r"why (?:it matters|we .*|the review .*|did we .*)",
            r"about (?:this|the) .*",
            r"summary of (?:the )?case",
            r"what happened",
            r"who (?:is|was) .*",
            r"brief outline .*",
            r"welcome",
            r"decision",
        ],
    ),
    (
        "end",
        [
            r"further (?:information|reading)",
            r"references",
            r"useful (?:links|resources)",
            r"dates for your diary",
            r"contacts?(?: us)?",
            r"policy update.*",
            r"what happens next",
            r"appendix.*",
            r"acknowledg.*",
            r"conclusions?",
        ],
    ),
]
_COMPILED = [(role, re.compile("|".join(f"(?:{p})" for p in pats))) for role, pats in ROLES]
_NUMBERING = re.compile(
    r"^(?:(?:step|section|part|box)\s+)?\d{1,2}(?:\.\d{1,2})*\s*[.:)|\-–—]?\s+", re.I
)


def normal_heading(text: str) -> str:
    text = text.strip().strip("*_#").strip()
    text = _NUMBERING.sub("", text)
    text = text.replace("’", "'").replace("‘", "'").rstrip(":.?! ").lower()
    return " ".join(text.split())


# Word families: when no wording above matches the whole heading, the heading's words are
# looked up by stem, in this order (the first family with a word in the heading gives the
# role), so “Practice learning”, “Areas for development”, “How we will respond” and “Over to
# you” are read without being listed. Headings that name a review, a bulletin or an edition
# (“Learning from a partnership review – Family V”) never take a role by their words alone.
FAMILIES: list[tuple[str, str]] = [
    (
        "good",
        r"good (?:practice|news)|strengths?|worked well|went well|effective|positive|"
        r"celebrat\w*|notable practice",
    ),
    (
        "end",
        r"further (?:information|reading|resources)|references?|contacts?|appendix|"
        r"glossary|acknowledg\w*|statement by|useful (?:links|resources)|resources",
    ),
    (
        "questions",
        r"questions?|reflect\w*|discuss\w*|think(?:ing)? about|ask yourself|"
        r"over to you|consider(?:ations?)?|challenges? for|conversation starters?|what about you|"
        r"test yourself",
    ),
    (
        "actions",
        # “Agency response”, “Initial response”: what was done in the case, not a plan
        r"actions?|plans?|(?<!agency )(?<!professional )(?<!initial )respon(?:se|ses|d|ding)|"
        r"next steps?|will do|(?:is|are) doing|"
        r"(?:we|will) (?:do|deliver)|commitments?|implementation|progress",
    ),
    (
        "recommendations",
        r"recommend\w*|change|changes|improv\w*|development|asking|asks?|"
        r"should|priorit\w*|requests?|expectations?|what needs",
    ),
    (
        "findings",
        r"find\w*|found|learn\w*|lessons?|themes?|issues?|messages?|insights?|"
        r"key points|analysis|what we know|observations?|concerns?|implications?|"
        r"practice points?|means for (?:practice|you)|could (?:have )?(?:been )?(?:do |done )?better",
    ),
    (
        "background",
        r"background|introduction|overview|summary|context|circumstances|"
        r"methodology|method|about (?:the|this)|the (?:child|family|case)|chronology|"
        r"terms of reference|scope",
    ),
]
_FAMILIES = [(role, re.compile(rf"\b(?:{words})\b")) for role, words in FAMILIES]
_NOT_BY_WORDS = re.compile(
    r"\b(?:case|practice|rapid|partnership|learning|adults?|homicide|thematic|death) reviews?\b|"
    r"\b(?:bulletin|newsletter|edition|briefing|issue \d+)\b|"
    r"\b(?:child|baby|family|infant|sibling group|mr|mrs|ms|adult) [a-z0-9]{1,3}\b|"
    r"\b(?:learning|practice) (?:summary|brief)\b|"
    # a finding's own title reads as a statement (“Safe storage was rarely discussed”)
    r"\b(?:was|were|did|had|been|not|never|no)\b"
)


def role_of(heading: str) -> str | None:
    """The role of the section a heading opens, or None when the vocabulary does not know it."""
    text = normal_heading(heading)
    if not text or len(text) > 80:
        return None
    for role, pattern in _COMPILED:
        if pattern.fullmatch(text):
            return role
    if len(text.split()) > 8 or _NOT_BY_WORDS.search(text):
        return None
    for role, pattern in _FAMILIES:
        if pattern.search(text):
            return role
    return None
