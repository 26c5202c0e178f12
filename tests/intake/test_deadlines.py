"""THE due-date rule (intake/deadlines.py), used by the intake and by fixtures/build.py alike."""

import datetime

import pytest

from intake.deadlines import DueDate, due_date, read_deadline

PUBLISHED = datetime.date(2024, 3, 15)
D = datetime.date


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("31 March 2025", D(2025, 3, 31)),
        ("31st March 2025", D(2025, 3, 31)),
        ("by 31 March 2025", D(2025, 3, 31)),
        ("March 31, 2025", D(2025, 3, 31)),
        ("31/03/2025", D(2025, 3, 31)),
        ("2025-03-31", D(2025, 3, 31)),
        ("March 2019", D(2019, 3, 31)),
        ("Mar 2019", D(2019, 3, 31)),
        ("end of March 2019", D(2019, 3, 31)),
        ("by end of June 2024", D(2024, 6, 30)),
        ("By the end of September 2024.", D(2024, 9, 30)),
        ("December 2024", D(2024, 12, 31)),
        ("February 2024", D(2024, 2, 29)),
        ("summer 2018", D(2018, 8, 31)),
        ("Summer of 2015", D(2015, 8, 31)),
        ("Spring 2025", D(2025, 5, 31)),
        ("autumn 2024", D(2024, 11, 30)),
        ("winter 2024", D(2025, 2, 28)),
        ("Q1 2024/25", D(2024, 6, 30)),
        ("Q3 2024/25", D(2024, 12, 31)),
        ("Q4 2024-25", D(2025, 3, 31)),
        ("2024/25", D(2025, 3, 31)),
        ("2025", D(2025, 12, 31)),
        ("end of 2025", D(2025, 12, 31)),
        ("ongoing", None),
        ("Ongoing", None),
        ("", None),
        ("Immediate", None),
        ("September 2018 and ongoing", None),
        ("31 February 2025", None),
        ("9999-12-31", None),
        ("31/12/9999", None),
        ("2024/27", None),
    ],
)
def test_a_deadline_as_written_gives_its_due_date(written, expected):
    assert due_date(written) == expected


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("within 6 months", D(2024, 9, 15)),
        ("Within six months of publication", D(2024, 9, 15)),
        ("within 12 weeks", D(2024, 6, 7)),
        ("within a year", D(2025, 3, 15)),
    ],
)
def test_a_relative_deadline_counts_from_publication_and_says_it_is_derived(written, expected):
    assert read_deadline(written, published=PUBLISHED) == DueDate(expected, derived=True)


def test_a_relative_deadline_without_a_publication_date_gives_none():
    assert read_deadline("within 6 months") == DueDate(None)


def test_a_written_date_is_not_derived():
    assert read_deadline("31 March 2025", published=PUBLISHED).derived is False
