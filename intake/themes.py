"""Theme suggestions from the taxonomy's keywords, each with the words that triggered it.

A keyword matches as a whole word or phrase, case-insensitively; a keyword of four letters or more
also matches its inflections (“neglect” finds “neglected”, “neglectful”). Suggestions are only
suggestions: the admin ticks the themes that the finding is really about.
"""

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Suggestion:
    theme_id: int
    theme_name: str
    words: tuple[str, ...]  # the words in the text that matched, as written (lower-cased)

    @property
    def score(self):
        return len(self.words)


def keyword_pattern(keyword: str) -> re.Pattern:
    words = [re.escape(word) for word in keyword.split()]
    body = r"[\s\-–]+".join(words)
    tail = r"\w*" if len(keyword) >= 4 else ""
    return re.compile(rf"(?<!\w){body}{tail}(?!\w)", re.IGNORECASE)


class ThemeMatcher:
    """Compiled once per request or command run; `suggest(text)` is then cheap."""

    def __init__(self, themes):
        self.themes = []
        for theme in themes:
            keywords = dict.fromkeys([theme.name.lower(), *(k.lower() for k in theme.keyword_list)])
            self.themes.append((theme, [keyword_pattern(k) for k in keywords if k]))

    def suggest(self, text: str) -> list[Suggestion]:
        suggestions = []
        for theme, patterns in self.themes:
            found = {}
            for pattern in patterns:
                for match in pattern.finditer(text):
                    found.setdefault(re.sub(r"\s+", " ", match.group().lower()), None)
            if found:
                suggestions.append(Suggestion(theme.pk, theme.name, tuple(found)))
        return sorted(suggestions, key=lambda s: (-s.score, s.theme_name))
