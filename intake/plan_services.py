"""The plan import's preview and its one write: match a plan file's rows to a review's actions.

Each row's outcome: new (no action came from this file, sheet and row yet), unchanged (it says
what it said when last imported), update (it says something else: what changed is listed) or
error (nothing of it is saved). `apply_plan_import` recomputes the outcomes inside one
transaction and saves the new and changed rows; re-importing the same file changes nothing.
"""

import hashlib
import json
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify

from actions.models import Action, ActionPlan, Lead, StatusUpdate
from findings.models import Finding

from .models import ImportedRow, PlanImport

NEW, UNCHANGED, UPDATE, ERROR = "new", "unchanged", "update", "error"
FIELD_LABELS = {
    "action": "action",
    "lead": "lead",
    "deadline_text": "deadline",
    "due_date": "deadline",
    "success_measure": "success measure",
    "status": "status",
    "progress": "progress",
    "ref": "finding or recommendation",
}


@dataclass
class RowOutcome:
    """What importing one row would do (or did)."""

    row: object  # intake.plans.PlanRow
    outcome: str
    changes: list = field(default_factory=list)

    @property
    def content_hash(self):
        return content_hash(self.row.content())


def content_hash(content):
    return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()


def rows_of(sheets):
    return [row for sheet in sheets for row in sheet.rows]


def preview_plan_import(*, review, file_name, sheets):
    """Each row's outcome against what earlier imports of this file into `review` saved."""
    earlier = {
        (source.sheet, source.row_number): source
        for source in ImportedRow.objects.filter(review=review, file_name=file_name)
    }
    outcomes = []
    for row in rows_of(sheets):
        if row.errors:
            outcomes.append(RowOutcome(row, ERROR))
            continue
        source = earlier.get((row.sheet, row.row_number))
        if source is None:
            outcomes.append(RowOutcome(row, NEW))
        elif source.content_hash == content_hash(row.content()):
            outcomes.append(RowOutcome(row, UNCHANGED))
        else:
            before = source.content
            changed = {
                FIELD_LABELS[name]
                for name, value in row.content().items()
                if before.get(name, "") != value
            }
            outcomes.append(RowOutcome(row, UPDATE, sorted(changed)))
    return outcomes


def count_outcomes(outcomes):
    counts = {NEW: 0, UNCHANGED: 0, UPDATE: 0, ERROR: 0}
    for outcome in outcomes:
        counts[outcome.outcome] += 1
    return counts


class _PlanWriter:
    """Finds or makes the review's leads and plans the rows name, once each."""

    def __init__(self, review, file_name, user):
        self.review = review
        self.file_name = file_name
        self.user = user
        self.author_name = (user.get_full_name() or user.get_username()).strip()
        self.leads = {lead.name.lower(): lead for lead in Lead.objects.filter(board=review.board)}
        self.plans = {plan.key: plan for plan in ActionPlan.objects.filter(review=review)}
        self.next_order = max((plan.order for plan in self.plans.values()), default=0) + 1
        self.findings = {}
        for finding in Finding.objects.filter(review=review):
            for name in (finding.label, finding.key, finding.key.removeprefix("finding-")):
                self.findings.setdefault(name.lower(), finding)
        self.measures = {}
        self.action_keys = set(
            Action.objects.filter(plan__review=review).values_list("plan_id", "key")
        )

    def lead(self, name):
        if not name:
            return None
        lead = self.leads.get(name.lower())
        if lead is None:
            lead = Lead.objects.create(board=self.review.board, name=name)
            self.leads[name.lower()] = lead
        return lead

    def plan(self, ref):
        key = f"imported-{slugify(ref)[:80]}" if ref else "imported"
        plan = self.plans.get(key)
        if plan is None:
            finding = self.findings.get(ref.lower()) or self.findings.get(f"finding {ref}".lower())
            plan = ActionPlan.objects.create(
                review=self.review,
                key=key,
                finding=finding,
                title=f"Recommendation {ref}" if ref else "Imported action plan",
                order=self.next_order,
            )
            self.next_order += 1
            self.plans[key] = plan
        return plan

    def note_measure(self, plan, measure):
        if measure:
            measures = self.measures.setdefault(plan.pk, [])
            if measure not in measures:
                measures.append(measure)

    def save_measures(self):
        for plan in self.plans.values():
            measures = self.measures.get(plan.pk)
            if measures and plan.success_measure != "\n".join(measures):
                plan.success_measure = "\n".join(measures)
                plan.save(update_fields=["success_measure"])

    def action_key(self, plan, row):
        base = slugify(f"{self.file_name.rsplit('.', 1)[0]}-{row.sheet}")[:90] or "row"
        key, number = f"{base}-r{row.row_number}", 2
        while (plan.pk, key) in self.action_keys:
            key, number = f"{base}-r{row.row_number}-{number}", number + 1
        self.action_keys.add((plan.pk, key))
        return key

    def timeline_entry(self, action, row, *, previous_status):
        """The row's status and progress as an update by the importer (not yet saved)."""
        where = f"{self.file_name}, sheet “{row.sheet}”, row {row.row_number}"
        evidence = ""
        if action.status == Action.Status.COMPLETE:
            evidence = row.progress or f"Recorded as complete in the imported plan ({where})."
        return StatusUpdate(
            action=action,
            author=self.user,
            author_name=self.author_name,
            from_status=previous_status,
            to_status=action.status,
            note=row.progress or f"Status recorded in the imported plan ({where}).",
            evidence=evidence,
            due_date_from=action.revised_due_date or action.due_date,
            due_date_to=action.revised_due_date or action.due_date,
            action_version=action.version,
        )

    def record_progress(self, action, row, *, previous_status):
        """Move an existing action to the row's status, one version on, with its timeline entry."""
        Action.objects.filter(pk=action.pk).update(
            status=row.status or previous_status,
            last_update_at=timezone.now(),
            version=F("version") + 1,
        )
        action.refresh_from_db(fields=["status", "last_update_at", "version"])
        return self.timeline_entry(action, row, previous_status=previous_status)


@transaction.atomic
def apply_plan_import(*, review, user, file_name, sha256, sheets):
    """Save the new and changed rows of a plan file into `review`, all or nothing.

    Returns (PlanImport or None when nothing changed, outcomes). Leads are found by name on the
    review's board (or created), rows are grouped into plans by their finding or recommendation
    reference, and each saved action keeps its source row (ImportedRow).
    """
    outcomes = preview_plan_import(review=review, file_name=file_name, sheets=sheets)
    counts = count_outcomes(outcomes)
    if not counts[NEW] and not counts[UPDATE]:
        return None, outcomes
    record = PlanImport.objects.create(
        review=review,
        file_name=file_name,
        sha256=sha256,
        imported_by=user,
        created_count=counts[NEW],
        updated_count=counts[UPDATE],
        unchanged_count=counts[UNCHANGED],
        error_count=counts[ERROR],
    )
    writer = _PlanWriter(review, file_name, user)
    sources = {
        (source.sheet, source.row_number): source
        for source in ImportedRow.objects.filter(review=review, file_name=file_name)
        .select_related("action")
        .select_for_update()
    }
    new_sources, entries = [], []
    for outcome in outcomes:
        row = outcome.row
        if outcome.outcome in (ERROR, UNCHANGED):
            continue
        plan = writer.plan(row.ref)
        writer.note_measure(plan, row.success_measure)
        fields = {
            "plan": plan,
            "description": row.action,
            "lead": writer.lead(row.lead),
            "deadline_text": row.deadline_text[:200],
            "due_date": row.due_date,
        }
        if outcome.outcome == NEW:
            # Created at its imported status, one version on when the row has progress, so
            # a new row costs one INSERT (its source row and timeline entry are bulk-inserted).
            has_progress = bool(row.status or row.progress)
            action = Action.objects.create(
                key=writer.action_key(plan, row),
                order=row.row_number,
                status=row.status or Action.Status.NO_UPDATE,
                last_update_at=timezone.now() if has_progress else None,
                version=2 if has_progress else 1,
                **fields,
            )
            new_sources.append(
                ImportedRow(
                    action=action,
                    review=review,
                    file_name=file_name,
                    sheet=row.sheet,
                    row_number=row.row_number,
                    content_hash=outcome.content_hash,
                    content=row.content(),
                    plan_import=record,
                )
            )
            if has_progress:
                entries.append(
                    writer.timeline_entry(action, row, previous_status=Action.Status.NO_UPDATE)
                )
            continue
        source = sources[(row.sheet, row.row_number)]
        action = source.action
        before = source.content
        if action.plan_id != plan.pk:
            fields["key"] = writer.action_key(plan, row)
        for name, value in fields.items():
            setattr(action, name, value)
        action.save()
        if row.status != before.get("status", "") or row.progress != before.get("progress", ""):
            entries.append(writer.record_progress(action, row, previous_status=action.status))
        source.content_hash, source.content, source.plan_import = (
            outcome.content_hash,
            row.content(),
            record,
        )
        source.save(update_fields=["content_hash", "content", "plan_import"])
    ImportedRow.objects.bulk_create(new_sources)
    StatusUpdate.objects.bulk_create(entries)
    writer.save_measures()
    return record, outcomes
