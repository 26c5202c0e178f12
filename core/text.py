"""Text helpers shared by the apps, the fixture builder, the tests and the measuring scripts."""

import re

_TAG = re.compile(r"<[^>]{0,500}>")
_LONE_BULLET = re.compile(r"(^|\s)[-·•−–](?=\s)")
_QUOTES = str.maketrans({"‘": "'", "’": "'", "`": "'", "´": "'", "“": '"', "”": '"'})


def words_only(text):
    """Words only: HTML markup, markdown emphasis, lone bullet glyphs and spacing set aside.

    Two texts that differ only in layout (as a briefing's lines and the finding cut from them)
    come out the same.
    """
    text = _TAG.sub(" ", text or "")
    text = text.replace("*", "")
    text = _LONE_BULLET.sub(" ", text)
    return " ".join(text.split())


def comparable(text):
    """`words_only`, and also quotes straightened, `__` emphasis dropped, lower case and no
    closing punctuation: for matching what a parser proposed against what a person curated."""
    text = words_only((text or "").replace("__", "")).translate(_QUOTES).lower()
    return text.rstrip(".;:, ")
