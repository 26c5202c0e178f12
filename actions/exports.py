"""The tracker's exports: every column of the table plus success measure and evidence, as
CSV (streamed) and XLSX (formatted for a meeting), of what the tracker's filters select."""

from django.contrib.auth.decorators import login_required
from django.utils import timezone
from django.views.decorators.http import require_GET

from core.exports import Column, csv_response, xlsx_response

from .models import Action
from .querysets import RAG_LABELS
from .tracker_views import hide_progress, tracker_filter

EXPORT_COLUMNS = [
    Column("Ref.", 7),
    Column("Board", 22, wrap=True),
    Column("Review", 22, wrap=True),
    Column("Finding or recommendation", 24, wrap=True),
    Column("Action", 50, wrap=True),
    Column("Lead", 20, wrap=True),
    Column("Lead holders", 22, wrap=True),
    Column("Deadline as written", 16, wrap=True),
    Column("Original due date", 12),
    Column("Revised due date", 12),
    Column("Status", 14),
    Column(
        "RAG",
        10,
        fills=(
            ("Red", "F4CDC6"),
            ("Amber", "FCD6C3"),
            ("Green", "CCE2D8"),
            ("Blue (done)", "D2E2F1"),
            ("Historic", "E5E6E7"),
        ),
    ),
    Column("Overdue", 9),
    Column("Slipped", 9),
    Column("Due in 30 days", 9),
    Column("No update in 90 days", 10),
    Column("Not SMART", 9),
    Column("Historic plan", 9),
    Column("Latest note", 45, wrap=True),
    Column("Last update", 16),
    Column("Success measure", 40, wrap=True),
    Column("Evidence", 40, wrap=True),
    Column("Evidence link", 30, link=True),
    Column("Link", 30, link=True),
]


def export_rows(request, actions):
    """One row per action, every tracker column plus success measure and evidence; notes and
    evidence only where the user may read the board's progress (blank elsewhere)."""

    def yes(flag):
        return "Yes" if flag else ""

    for action in hide_progress(actions, request.user):
        plan = action.plan
        review = plan.review
        holders = action.lead.holders.all() if action.lead and action.shows_progress else []
        yield [
            f"{plan.order}.{action.order}",
            review.board.name,
            review.name,
            (plan.finding.label or plan.finding.key) if plan.finding else plan.title,
            action.description,
            action.lead.name if action.lead else "",
            ", ".join(holder.get_full_name() or holder.get_username() for holder in holders),
            action.deadline_text,
            action.due_date,
            action.revised_due_date,
            action.get_status_display(),
            RAG_LABELS.get(action.rag, ""),
            yes(action.is_overdue),
            yes(action.is_slipped),
            yes(action.is_due_soon),
            yes(action.is_stale),
            yes(action.is_not_smart),
            yes(plan.historic),
            action.latest_note or "",
            timezone.localtime(action.last_update_at).replace(tzinfo=None)
            if action.last_update_at
            else None,
            plan.success_measure,
            action.latest_evidence or "",
            action.latest_evidence_url or "",
            request.build_absolute_uri(action.get_absolute_url()),
        ]


def export_queryset(request):
    return tracker_filter(request, Action.objects.for_tracker().with_latest_note()).qs


def export_filename(extension):
    return f"action-tracker-{timezone.localdate().isoformat()}.{extension}"


@login_required
@require_GET
def tracker_csv(request):
    """The filtered tracker as CSV (UTF-8 with BOM, so Excel reads the accents and dashes)."""
    rows = export_rows(request, export_queryset(request).iterator(chunk_size=2000))
    return csv_response(export_filename("csv"), EXPORT_COLUMNS, rows)


@login_required
@require_GET
def tracker_xlsx(request):
    """The filtered tracker as an Excel workbook for board meetings."""
    rows = export_rows(request, export_queryset(request).iterator(chunk_size=2000))
    return xlsx_response(export_filename("xlsx"), "Action tracker", EXPORT_COLUMNS, rows)
