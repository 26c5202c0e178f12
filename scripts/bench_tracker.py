"""Benchmark the action tracker: time and query count per page as the number of actions grows.

    .venv/bin/python scripts/bench_tracker.py [--sizes 100 1000 5000]
    DATABASE_URL=postgres://… .venv/bin/python scripts/bench_tracker.py   # on PostgreSQL (a
    throwaway test database is created and dropped)

Prints one line per page and size: median milliseconds of 5 requests, and the queries per request.
"""

import argparse
from datetime import timedelta

from benchkit import measure, throwaway_database
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from actions.models import Action, ActionPlan, Lead
from actions.services import regenerate_calendar_token
from reviews.models import Board, Review


def build(size, lead_user):
    """Add actions until there are `size`, spread over 5 boards, each with its own lead."""
    today = timezone.localdate()
    statuses = [choice for choice, _ in Action.Status.choices]
    have = Action.objects.count()
    boards = list(Board.objects.all())
    actions = []
    for number in range(have, size):
        board = boards[number % len(boards)]
        plan = ActionPlan.objects.filter(review__board=board).first()
        actions.append(
            Action(
                plan=plan,
                key=f"a{number}",
                description=f"Action {number}: audit the use of escalation across partners",
                lead=board.leads.first(),
                deadline_text="March 2027",
                due_date=today + timedelta(days=number % 200 - 60) if number % 7 else None,
                status=statuses[number % len(statuses)],
                order=number,
            )
        )
    Action.objects.bulk_create(actions, batch_size=1000)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000])
    args = parser.parse_args()

    with throwaway_database():
        user = get_user_model().objects.create_user("bench-lead", password="x")
        for index in range(5):
            board = Board.objects.create(name=f"Board {index}", slug=f"board-{index}")
            review = Review.objects.create(
                name=f"Family {index}",
                slug=f"family-{index}",
                board=board,
                kind="scr",
                status="published",
            )
            ActionPlan.objects.create(review=review, key="plan", success_measure="Measured")
            lead = Lead.objects.create(board=board, name=f"Lead {index}")
            if index == 0:
                lead.holders.add(user)
        token = regenerate_calendar_token(user=user)
        client = Client()
        client.force_login(user)
        pages = {
            "tracker": "/actions/",
            "tracker ?flag=overdue": "/actions/?flag=overdue",
            "my actions": "/actions/mine/",
            "export CSV": "/actions/export.csv",
            "export XLSX": "/actions/export.xlsx",
            "iCal feed": token.get_absolute_url(),
        }
        print(f"{'page':24} {'actions':>8} {'median ms':>10} {'queries':>8}")
        for size in args.sizes:
            build(size, user)
            for name, url in pages.items():
                ms, queries = measure(client, url)
                print(f"{name:24} {size:8d} {ms:10.1f} {queries:8d}")


if __name__ == "__main__":
    main()
