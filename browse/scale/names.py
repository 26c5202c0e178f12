"""Deterministic names and texts for generated data: places, boards, reviews, findings."""

from reviews.models import Board

_STARTS = [
    "Ash",
    "Bar",
    "Black",
    "Bram",
    "Brook",
    "Burn",
    "Cal",
    "Chester",
    "Clay",
    "Cold",
    "Crow",
    "Dal",
    "Dun",
    "East",
    "Elm",
    "Fair",
    "Fal",
    "Glen",
    "Green",
    "Hal",
    "Hart",
    "Hazel",
    "High",
    "Holm",
    "Kings",
    "Lang",
    "Lark",
    "Lin",
    "Long",
    "Mar",
    "Mill",
    "Nor",
    "Oak",
    "Pen",
    "Red",
    "Ros",
    "Salt",
    "Shep",
    "Stan",
    "Stone",
    "Sud",
    "Thorn",
    "Wal",
    "Wes",
    "Whit",
    "Wick",
    "Wind",
    "Wood",
]
_ENDS = "bury by caster combe den field ford ham hurst ley mere minster mouth stead ton wick worth"
_ENDS = _ENDS.split()

# Share of 150 boards in each region, roughly as the partnerships are spread (England ~135).
REGION_SHARES = [
    (Board.Region.NORTH_EAST, 12),
    (Board.Region.NORTH_WEST, 23),
    (Board.Region.YORKSHIRE, 15),
    (Board.Region.EAST_MIDLANDS, 9),
    (Board.Region.WEST_MIDLANDS, 14),
    (Board.Region.EAST, 11),
    (Board.Region.LONDON, 32),
    (Board.Region.SOUTH_EAST, 18),
    (Board.Region.SOUTH_WEST, 15),
    (Board.Region.WALES, 6),
    (Board.Region.NATIONAL, 3),
]

SENTENCES = [
    "Professionals did not share what they knew about {k}, so no agency saw the whole picture.",
    "The review found that {k} was recorded in each agency but not understood together.",
    "Practitioners accepted the parents' account of {k} without testing it against what "
    "they had seen.",
    "Supervision did not ask how {k} was affecting the child's daily life.",
    "Referrals about {k} were assessed one at a time, and the history was lost.",
    "Escalation was not used when partners disagreed about {k}.",
    "The child's own experience of {k} was rarely recorded in their words.",
    "Plans about {k} set tasks without saying how anyone would know things had changed.",
    "Health, school and police each held part of the story of {k}.",
    "Thresholds for {k} were applied differently by different teams.",
]
TITLES = [
    "Recognising {k}",
    "Responding to {k} across agencies",
    "The child's experience of {k}",
    "Escalating concerns about {k}",
    "Seeing {k} over time",
]
GENERIC = [
    "home visits", "missed appointments", "school attendance", "the voice of the child",
    "information sharing", "professional curiosity", "challenge and escalation",
    "the history of the family", "fathers and partners", "the strategy meeting",
]  # fmt: skip


def place(n):
    """A made-up place name, different for each n below 800."""
    return _STARTS[n % len(_STARTS)] + _ENDS[(n // len(_STARTS)) % len(_ENDS)]


def regions_for(count):
    """`count` regions in proportion to REGION_SHARES, deterministic."""
    total = sum(share for _, share in REGION_SHARES)
    out = []
    for region, share in REGION_SHARES:
        out += [region] * max(1, round(count * share / total))
    return (out * (count // len(out) + 1))[:count]


def finding_text(rng, keywords, length):
    """A finding of `length` sentences, each about one of `keywords` or a generic subject."""
    sentences = []
    for _ in range(length):
        subject = rng.choice(keywords) if keywords and rng.random() < 0.7 else rng.choice(GENERIC)
        sentences.append(rng.choice(SENTENCES).format(k=subject))
    return " ".join(sentences)


def finding_title(rng, keyword):
    return rng.choice(TITLES).format(k=keyword)
