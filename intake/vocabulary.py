"""The words and line shapes the parser recognises. Extend the intake here (docs/intake.md)."""

import re

LABELS = {
    "finding": "finding",
    "key finding": "key-finding",
    "theme": "theme",
    "lesson": "lesson",
    "lesson learnt": "lesson",
    "lesson learned": "lesson",
    "learning point": "learning-point",
    "emerging issue": "emerging-issue",
    "good practice": "good-practice",
}
LABELLED = re.compile(
    r"^(?P<word>finding|key finding|theme|lesson(?: learnt| learned)?|learning point|"
    r"emerging issue)\s+(?P<num>\d{1,3}[a-z]?)\b\s*[:.\-–—]?\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
SUBSECTION = re.compile(r"^(?P<num>\d{1,2}(?:\.\d{1,2})+)\.?\s+(?P<rest>[A-Z].*)$")
TOP_SECTION = re.compile(r"^(?P<num>\d{1,2})\s+(?P<rest>[A-Z][^.]*)$")
TOC_LINE = re.compile(r"\.{4,}|\t\d{1,3}\s*$")
BULLET = re.compile(r"^\s*(?:[-•·*−–▪◦●]|\d{1,2}[.)])\s+(?P<item>\S.*)$")
FOOTNOTE = re.compile(r"^\s*[¹²³⁴⁵⁶⁷⁸⁹⁰]+\s")
RECOMMENDATIONS = re.compile(r"^(?:relevant |key |our )?recommendations?\b[^.]{0,60}:?$", re.I)
QUESTIONS = re.compile(
    r"^(?:reflective|reflection|questions? for reflection|key)\s*questions?\b.{0,40}$|^questions for practitioners:?$",
    re.I,
)
FINDINGS_REGION = re.compile(
    r"^(?:the |key |main )?(?:findings|lessons? learn[te]d?|learning(?: points)?|emerging issues|"
    r"key learning|what we learn[te]d?|background notes)\b.{0,60}$",
    re.I,
)
END_REGION = re.compile(
    r"^(?:conclusions?|what next\??|next steps|summary|references|further reading|"
    r"appendix.*|useful links|contact.*|acknowledg.*)$",
    re.I,
)
INTRO_OR_END = re.compile(
    r"^(?:introduction|background|contents|conclusions?|summary|references|appendix.*)$", re.I
)
ALREADY_DONE = re.compile(
    r"already (?:done|taken|happened)|actions? taken|what (?:we|\w+) (?:has|have) done", re.I
)

COLUMN_HEADERS = {
    "measure": re.compile(r"^how will we know\b.*", re.I),
    "do": re.compile(r"^what (?:are|will) we (?:going to )?do\b.*", re.I),
    "lead": re.compile(r"^who will lead\b.*|^lead(?: agency| officer)?:?$", re.I),
    "when": re.compile(r"^by when\b.*|^timescales?:?$|^deadline:?$", re.I),
}
DEADLINE_LIKE = re.compile(
    r"\b(?:ongoing|\d{4}|january|february|march|april|may|june|july|august|september|october|"
    r"november|december|spring|summer|autumn|winter|quarter|q[1-4]|end of|by)\b",
    re.I,
)
NARRATIVE_DEADLINE = re.compile(
    r"\b(?:(?:spring|summer|autumn|winter|(?:end of )?(?:january|february|march|april|may|june|"
    r"july|august|september|october|november|december))\s+\d{4})\b",
    re.I,
)
FAMILY_NAME = re.compile(
    r"\b(?:Family|Baby|Child|Children)\s+(?:['‘’\"“”]\s?[A-Z0-9][A-Za-z0-9]*\s?['’\"”]|"
    r"[A-Z][A-Z0-9]{0,4}\b|[A-Z][a-z]+\b(?!\s+(?:Court|Services|Social|Support|Protection)))"
)
YEAR = re.compile(r"\b(19[7-9]\d|20\d\d)\b")
PERIOD = re.compile(
    r"between\s+((?:[A-Z][a-z]+\s+)?\d{4})\s+and\s+((?:[A-Z][a-z]+\s+)?\d{4})", re.I
)
KINDS = [
    (
        "thematic",
        re.compile(
            r"\b(?:analys\w+|review\w*|covers?|considered)\s+\d+\s+(?:serious |local )?case "
            r"reviews|^thematic (?:review|analysis|briefing)|^serious case reviews \d{4}\s*[-–]\s*\d{4}",
            re.I | re.M,
        ),
    ),
    (
        "national",
        re.compile(r"\bnational (?:analysis|review|evaluation)\b|triennial analysis", re.I),
    ),
    ("lcspr", re.compile(r"local child safeguarding practice review|\bLCSPR\b", re.I)),
    ("imr", re.compile(r"internal management review|\bIMR\b")),
    ("rapid", re.compile(r"\brapid review\b", re.I)),
    ("scr", re.compile(r"serious case review|\bSCR\b", re.I)),
    ("partnership", re.compile(r"\b(?:learning|partnership) review\b", re.I)),
]
