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


_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]”’]*\s+(?=[\"'(\[“‘]?[A-Z0-9•])")


def first_sentences(text, limit=300):
    """The first sentences of `text` that fit in `limit` characters, and whether text was left
    out: never a cut mid-sentence where a whole sentence fits, nor mid-word where none does (then
    the words that fit, and an ellipsis)."""
    text = words_only(text)
    if len(text) <= limit:
        return text, False
    kept = ""
    for match in _SENTENCE_END.finditer(text):
        if match.start() > limit:
            break
        kept = text[: match.start()]
    if kept:
        return kept, True
    cut = text[: limit + 1].rsplit(" ", 1)[0] if " " in text[:limit] else text[:limit]
    return cut.rstrip(" ,;:–-") + "…", True
