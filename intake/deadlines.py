"""THE due-date rule: how a deadline as a plan writes it (“summer 2018”, “31 March 2025”,
“Q3 2024/25”, “within 6 months”, “ongoing”) becomes a due date. The intake and the fixture
builder (fixtures/build.py) both use it, so a deadline means the same wherever it is read.

- A full date is that day: “31 March 2025”, “31st March 2025”, “31/03/2025”, “2025-03-31”.
- A month is its last day: “March 2025”, “end of March 2025”, “by end of June 2024”, “Mar 2025”.
- A season is its last day, by the UK's meteorological seasons: spring Mar–May, summer Jun–Aug,
  autumn Sep–Nov, winter Dec–Feb (so “winter 2024” ends on the last day of February 2025).
- A financial quarter (April to March) is its last day: “Q3 2024/25” is 31 December 2024,
  “Q4 2024-25” 31 March 2025. A financial year, “2024/25”, ends on 31 March 2025. A quarter
  with a single year, “Q2 2019”, is a calendar quarter: 30 June 2019 (the plan import shows the
  date it read beside the text, so a board that meant its financial quarter sees it).
- A year alone is its last day: “2025”, “end of 2025”, “by December 2025” (a month, above).
- “Within 6 months”, “within 12 weeks”, “within a year” count from the publication date, when one
  is known, and the result says it is derived.
- “Ongoing”, “immediate”, “complete”, blank and anything else give no date: none is invented. The
  text as written is always kept beside the date (Action.deadline_text).

Dates outside 1990–2100 are not believed (a typo such as 9999 would break calendars).
"""

import calendar
import datetime
import re
from dataclasses import dataclass

MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): number for number, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
SEASON_LAST_MONTH = {"spring": 5, "summer": 8, "autumn": 11, "fall": 11, "winter": 2}
QUARTER_LAST_MONTH = {1: 6, 2: 9, 3: 12, 4: 3}  # financial quarters, April to March
EARLIEST, LATEST = 1990, 2100
UNIT_DAYS = {"day": 1, "week": 7, "month": None, "year": None}
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "eighteen": 18,
}  # fmt: skip

# Words a deadline may carry around the date itself: “by”, “by the end of”, “no later than”.
_LEAD_IN = re.compile(
    r"^(?:(?:by|before|due|deadline|target|date|no later than|not later than|completed? by)"
    r"[:\s]+)*(?:the\s+)?(?:(?:end|close)\s+of\s+)?(?:the\s+)?",
)
_ORDINAL = r"(\d{1,2})(?:st|nd|rd|th)?"


@dataclass(frozen=True)
class DueDate:
    """What a deadline determines: a date (or None), and whether it was counted from the
    publication date (“within 6 months”) rather than written."""

    date: datetime.date | None
    derived: bool = False


def _last_day(year, month):
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def _plausible(date):
    return date if date and EARLIEST <= date.year <= LATEST else None


def _add_months(date, months):
    month_index = date.month - 1 + months
    year, month = date.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(date.day, calendar.monthrange(year, month)[1]))


def _written_date(text):
    """The date a deadline writes out, or None (text already lower-cased, lead-in removed)."""
    if m := re.fullmatch(rf"{_ORDINAL}(?:\s+of)?\s+([a-z]+)\.?,?\s+(\d{{4}})", text):
        month = MONTHS.get(m[2])
        return datetime.date(int(m[3]), month, int(m[1])) if month else None
    if m := re.fullmatch(rf"([a-z]+)\s+{_ORDINAL},?\s+(\d{{4}})", text):  # “March 31, 2025”
        month = MONTHS.get(m[1])
        return datetime.date(int(m[3]), month, int(m[2])) if month else None
    if m := re.fullmatch(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})", text):
        return datetime.date(int(m[3]), int(m[2]), int(m[1]))
    if m := re.fullmatch(r"(\d{1,2})[/.](\d{1,2})[/.](\d{2})", text):
        return datetime.date(2000 + int(m[3]), int(m[2]), int(m[1]))
    if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text):
        return datetime.date(int(m[1]), int(m[2]), int(m[3]))
    if m := re.fullmatch(r"([a-z]+)\.?,?\s+(\d{4})", text):
        if m[1] in MONTHS:
            return _last_day(int(m[2]), MONTHS[m[1]])
        if m[1] in SEASON_LAST_MONTH:
            year, month = int(m[2]), SEASON_LAST_MONTH[m[1]]
            return _last_day(year + 1 if m[1] == "winter" else year, month)
        return None
    if m := re.fullmatch(r"(spring|summer|autumn|fall|winter)\s+of\s+(\d{4})", text):
        return _written_date(f"{m[1]} {m[2]}")
    if m := re.fullmatch(
        r"(?:q|quarter\s*)([1-4])\s*(?:of\s+)?(?:fy\s*)?(\d{4})\s*[/-]\s*(\d{2,4})", text
    ):
        quarter, start = int(m[1]), int(m[2])
        month = QUARTER_LAST_MONTH[quarter]
        return _last_day(start + 1 if quarter == 4 else start, month)
    if m := re.fullmatch(r"(?:q|quarter\s*)([1-4])\s*(?:of\s+)?(\d{4})", text):
        return _last_day(int(m[2]), int(m[1]) * 3)
    if m := re.fullmatch(r"(?:fy\s*|financial year\s*)?(\d{4})\s*[/-]\s*(\d{2}|\d{4})", text):
        end = int(m[2]) if len(m[2]) == 4 else int(m[1][:2] + m[2])
        return datetime.date(end, 3, 31) if end == int(m[1]) + 1 else None
    if m := re.fullmatch(r"(\d{4})", text):
        return datetime.date(int(m[1]), 12, 31)
    return None


def _relative(text, published):
    """“within 6 months” / “6 months from publication”: counted from `published`."""
    m = re.fullmatch(
        r"(?:within|in)\s+(\d{1,3}|[a-z]+)\s+(day|week|month|year)s?"
        r"(?:\s+(?:of|from|after)\s+(?:the\s+)?(?:publication|review|report|today)[a-z ]*)?",
        text,
    )
    if not m or published is None:
        return None
    count = int(m[1]) if m[1].isdigit() else NUMBER_WORDS.get(m[1])
    if not count:
        return None
    unit = m[2]
    if unit == "month":
        return _add_months(published, count)
    if unit == "year":
        return _add_months(published, 12 * count)
    return published + datetime.timedelta(days=count * UNIT_DAYS[unit])


def normalise(deadline_text):
    """Lower case, curly quotes, dashes and spacing straightened, lead-in words removed."""
    text = (deadline_text or "").replace("\u00a0", " ").replace("–", "-").replace("—", "-")
    text = " ".join(text.lower().split()).strip(" .;:,()")
    return _LEAD_IN.sub("", text).strip(" .;:,")


def read_deadline(deadline_text, *, published=None):
    """The due date a deadline as written determines (see the module's docstring)."""
    text = normalise(deadline_text)
    if not text:
        return DueDate(None)
    try:
        written = _written_date(text)
    except ValueError:  # “31 February 2025”
        return DueDate(None)
    if written:
        return DueDate(_plausible(written))
    try:
        derived = _relative(text, published)
    except (ValueError, OverflowError):
        return DueDate(None)
    return DueDate(_plausible(derived), derived=derived is not None)


def due_date(deadline_text, *, published=None):
    """Just the date of `read_deadline` (None where the deadline names none)."""
    return read_deadline(deadline_text, published=published).date
