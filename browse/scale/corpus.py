"""The shapes of the generated corpus, written table by table in bulk.

Per review: 4–16 findings (10 on average), each with 1–4 themes (2.5 on average) drawn with a
gentle skew so that the commonest theme (neglect, drawn first) holds about a tenth of the
findings; a recommendation for every other finding, a question for every fourth, an action plan
for every other finding with 2–6 actions (4 on average, so two per finding), and 0–3 status
updates per action. Everything is drawn from random.Random seeded per review or plan, so the
same arguments always give the same rows.
"""

import random
from datetime import UTC, date, datetime, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from actions.models import Action, ActionPlan, Lead, Membership, StatusUpdate
from findings.models import Finding, Recommendation, ReflectiveQuestion
from reviews.models import Board, Review
from themes.models import Theme

from . import names

PREFIX = "gen-"
KINDS = [
    (Review.Kind.LCSPR, 45),
    (Review.Kind.SERIOUS_CASE_REVIEW, 25),
    (Review.Kind.RAPID_REVIEW, 10),
    (Review.Kind.PARTNERSHIP_REVIEW, 10),
    (Review.Kind.IMR, 5),
    (Review.Kind.THEMATIC, 4),
    (Review.Kind.NATIONAL, 1),
]
THEMES_PER_FINDING = ([1] * 2) + ([2] * 3) + ([3] * 3) + ([4] * 2)
UPDATES_PER_ACTION = [0] * 40 + [1] * 35 + [2] * 15 + [3] * 10
STATUSES = [s for s in Action.Status if s != Action.Status.NO_UPDATE]
LEADS_PER_BOARD = 10


def _weighted(rng, pairs):
    return rng.choices([value for value, _ in pairs], [weight for _, weight in pairs])[0]


def _pick_themes(rng, themes, weights, k):
    chosen = []
    while len(chosen) < k:
        theme = rng.choices(themes, weights)[0]
        if theme not in chosen:
            chosen.append(theme)
    return chosen


class Corpus:
    """Generates and writes `findings` findings over `boards` boards with `writer`."""

    def __init__(self, writer, *, findings, boards, seed):
        self.w, self.total, self.board_count, self.seed = writer, findings, boards, seed
        themes = list(Theme.objects.order_by("facet", "order", "name"))
        first = [t for t in themes if t.slug == "neglect"]
        self.themes = first + [t for t in themes if t.slug != "neglect"]
        self.weights = [1 / (1 + 0.05 * i) for i in range(len(self.themes))]
        self.keywords = {t.pk: (t.keyword_list or [t.name.lower()])[:8] for t in self.themes}

    def write(self):
        self.write_boards()
        self.write_reviews_and_findings()
        self.write_people()
        self.write_plans_and_actions()

    def write_boards(self):
        regions = names.regions_for(self.board_count)
        self.board_ids = list(self.w.ids(Board, self.board_count))
        rows = []
        for n, (pk, region) in enumerate(zip(self.board_ids, regions, strict=True)):
            place = names.place(n)
            national = region == Board.Region.NATIONAL
            nation = {
                Board.Region.WALES: Board.Nation.WALES,
                Board.Region.NATIONAL: Board.Nation.UK,
            }.get(region, Board.Nation.ENGLAND)
            name = (
                f"{place} National Review Panel"
                if national
                else f"{place} Safeguarding Children Partnership"
            )
            rows.append(
                {
                    "id": pk,
                    "name": name,
                    "slug": f"{PREFIX}{place.lower()}-{n}",
                    "abbreviation": f"{place[:2].upper()}SCP",
                    "area": place,
                    "nation": nation,
                    "region": region,
                }
            )
        self.w.insert(Board, rows)

    def write_reviews_and_findings(self):
        """Reviews, then findings (with their themes), recommendations and questions."""
        reviews, findings, self.plans = [], [], []
        made = 0
        while made < self.total:
            rng = random.Random(f"{self.seed}-review-{len(reviews)}")
            size = min(rng.randint(4, 16), self.total - made)
            year = rng.randint(2008, 2025)
            status = Review.Status.PUBLISHED if rng.random() < 0.97 else Review.Status.DRAFT
            reviews.append((len(reviews), rng.choice(self.board_ids), year, status, size))
            made += size
        review_ids = list(self.w.ids(Review, len(reviews)))
        finding_ids = iter(self.w.ids(Finding, self.total))
        now = datetime(2026, 1, 1, tzinfo=UTC)
        review_rows = []
        for (n, board_id, year, status, size), pk in zip(reviews, review_ids, strict=True):
            rng = random.Random(f"{self.seed}-kind-{n}")
            when = datetime(year, rng.randint(1, 12), rng.randint(1, 28), tzinfo=UTC)
            review_rows.append(
                {
                    "id": pk,
                    "name": f"Child {chr(65 + n % 26)}{n}",
                    "slug": f"{PREFIX}review-{n}",
                    "board_id": board_id,
                    "kind": _weighted(rng, KINDS),
                    "year": year,
                    "status": status,
                    "summary": "A review of how agencies worked together with a family.",
                    "published_at": when if status == Review.Status.PUBLISHED else None,
                    "created_at": when,
                    "updated_at": now,
                }
            )
            for order in range(size):
                fid = next(finding_ids)
                k = rng.choice(THEMES_PER_FINDING)
                themes = _pick_themes(rng, self.themes, self.weights, k)
                findings.append((fid, pk, board_id, order, [t.pk for t in themes]))
                if order % 2 == 0:
                    self.plans.append((pk, fid, board_id, year))
        self.w.insert(Review, review_rows)
        self.w.insert(Finding, (self.finding_row(*f) for f in findings))
        through = Finding.themes.through
        ids = iter(self.w.ids(through, sum(len(f[4]) for f in findings)))
        self.w.write(
            through._meta.db_table,
            ["id", "finding_id", "theme_id"],
            ((next(ids), f[0], theme) for f in findings for theme in f[4]),
        )
        self.write_learning(Recommendation, findings[::2], "Partners should review how they")
        self.write_learning(ReflectiveQuestion, findings[::4], "How would your team notice")

    def finding_row(self, pk, review_id, board_id, order, theme_ids):
        rng = random.Random(f"{self.seed}-finding-{pk}")
        keywords = [word for theme in theme_ids for word in self.keywords[theme]]
        return {
            "id": pk,
            "review_id": review_id,
            "key": f"finding-{order + 1}",
            "label": f"Finding {order + 1}",
            "title": names.finding_title(rng, rng.choice(keywords)),
            "text": names.finding_text(rng, keywords, rng.randint(4, 8)),
            "kind": Finding.Kind.FINDING,
            "order": order,
        }

    def write_learning(self, model, findings, opening):
        ids = self.w.ids(model, len(findings))
        slug = model._meta.model_name
        rows = (
            {
                "id": pk,
                "review_id": review_id,
                "finding_id": fid,
                "key": f"{slug}-{order + 1}",
                "text": f"{opening} {self.keywords[themes[0]][0]} is seen and acted on "
                f"(finding {order + 1}).",
                "order": order,
            }
            for pk, (fid, review_id, _, order, themes) in zip(ids, findings, strict=True)
        )
        self.w.insert(model, rows)

    def write_people(self):
        """Ten named leads per board, each held by one user; one board manager per board."""
        User = get_user_model()
        password = make_password(f"{PREFIX}password")
        lead_ids = list(self.w.ids(Lead, LEADS_PER_BOARD * len(self.board_ids)))
        user_ids = list(self.w.ids(User, len(lead_ids) + len(self.board_ids)))
        self.leads = {}
        leads, users = [], []
        for i, board_id in enumerate(self.board_ids):
            for j in range(LEADS_PER_BOARD):
                pk = lead_ids[i * LEADS_PER_BOARD + j]
                self.leads.setdefault(board_id, []).append(pk)
                leads.append({"id": pk, "board_id": board_id, "name": f"Lead {j + 1}"})
        for n, pk in enumerate(user_ids):
            users.append(
                {
                    "id": pk,
                    "username": f"{PREFIX}user-{n}",
                    "password": password,
                    "email": f"{PREFIX}user-{n}@example.org",
                }
            )
        self.w.insert(User, users)
        self.w.insert(Lead, leads)
        holders = Lead.holders.through
        self.w.write(
            holders._meta.db_table,
            ["id", "lead_id", "user_id"],
            zip(self.w.ids(holders, len(lead_ids)), lead_ids, user_ids, strict=False),
        )
        managers = user_ids[len(lead_ids) :]
        self.lead_users = dict(zip(lead_ids, user_ids, strict=False))
        self.w.insert(
            Membership,
            (
                {"id": pk, "user_id": user, "board_id": board, "role": "manager"}
                for pk, user, board in zip(
                    self.w.ids(Membership, len(managers)), managers, self.board_ids, strict=True
                )
            ),
        )

    def plan_actions(self, n):
        """The actions of plan number `n`: [(status, due date, [update statuses…])]."""
        review_id, finding_id, board_id, year = self.plans[n]
        rng = random.Random(f"{self.seed}-plan-{n}")
        actions = []
        for _ in range(rng.randint(2, 6)):
            due = (
                date(year + rng.randint(0, 2), rng.randint(1, 12), 28)
                if rng.random() < 0.8
                else None
            )
            updates = [rng.choice(STATUSES) for _ in range(rng.choice(UPDATES_PER_ACTION))]
            lead = rng.choice(self.leads[board_id]) if rng.random() < 0.9 else None
            actions.append((lead, due, updates, rng.randint(0, 400)))
        return actions

    def write_plans_and_actions(self):
        plan_ids = list(self.w.ids(ActionPlan, len(self.plans)))
        self.w.insert(
            ActionPlan,
            (
                {
                    "id": pk,
                    "review_id": review_id,
                    "finding_id": finding_id,
                    "key": f"plan-{finding_id}",
                    "title": "Action plan",
                    "success_measure": "Audits show the learning in practice." if pk % 5 else "",
                }
                for pk, (review_id, finding_id, _, _) in zip(plan_ids, self.plans, strict=True)
            ),
        )
        per_plan = [self.plan_actions(n) for n in range(len(self.plans))]
        action_ids = self.w.ids(Action, sum(len(a) for a in per_plan))
        update_ids = self.w.ids(StatusUpdate, sum(len(u) for a in per_plan for _, _, u, _ in a))
        # Two passes over the same plans (rows are made as they are written, never all held).
        self.w.insert(
            Action, (a for a, _ in self.actions(plan_ids, per_plan, action_ids, update_ids))
        )
        self.w.insert(
            StatusUpdate,
            (u for _, us in self.actions(plan_ids, per_plan, action_ids, update_ids) for u in us),
        )

    def actions(self, plan_ids, per_plan, action_ids, update_ids):
        """(action row, [its status update rows]) for every plan's actions, in id order."""
        base = datetime(2025, 11, 1, tzinfo=UTC)
        action_ids, update_ids = iter(action_ids), iter(update_ids)
        for plan_id, plan_actions in zip(plan_ids, per_plan, strict=True):
            for order, (lead, due, statuses, age) in enumerate(plan_actions):
                pk = next(action_ids)
                previous, when, updates = Action.Status.NO_UPDATE, None, []
                for version, status in enumerate(statuses, start=2):
                    when = base - timedelta(days=age + 30 * (len(statuses) - version))
                    updates.append(
                        {
                            "id": next(update_ids),
                            "action_id": pk,
                            "author_id": self.lead_users.get(lead),
                            "author_name": "Lead",
                            "created_at": when,
                            "from_status": previous,
                            "to_status": status,
                            "note": "Progress reviewed at the partnership meeting.",
                            "action_version": version,
                        }
                    )
                    previous = status
                action = {
                    "id": pk,
                    "plan_id": plan_id,
                    "key": f"action-{pk}",
                    "description": "Deliver briefings to every team and audit the change.",
                    "lead_id": lead,
                    "deadline_text": due.strftime("%B %Y") if due else "ongoing",
                    "due_date": due,
                    "status": previous,
                    "last_update_at": when,
                    "version": len(statuses) + 1,
                    "order": order,
                }
                yield action, updates
