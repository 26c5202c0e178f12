"""Import of a board's existing action plan: upload, a preview of each row's outcome, confirm.

For board managers (of the review's board) and administrators; anyone else signed in gets 403.
Nothing is saved until the preview is confirmed, and then all at once (plan_services).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from actions.querysets import responsibilities

from .models import PlanImport
from .plan_forms import PlanConfirmForm, PlanUploadForm, importable_reviews, pack_preview
from .plan_services import count_outcomes, preview_plan_import

CRUMB = ("Import an action plan", None)


def check_importer(user):
    """Board managers and administrators may import plans; others get 403."""
    if not (user.is_active and user.is_superuser) and not responsibilities(user).is_board_manager:
        raise PermissionDenied("Only a board manager can import an action plan.")


def _crumbs(*extra):
    return [("Action tracker", reverse("actions:tracker")), *extra]


@login_required
@require_http_methods(["GET", "POST"])
def plan_upload(request):
    """Step 1: choose the review and the file; a valid file goes straight to the preview."""
    check_importer(request.user)
    form = PlanUploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        review = form.cleaned_data["review"]
        outcomes = preview_plan_import(review=review, file_name=form.file_name, sheets=form.sheets)
        # Leads the rows name that the board does not have yet: the import will add them.
        known = {name.lower() for name in review.board.leads.values_list("name", flat=True)}
        new_leads = sorted(
            {
                outcome.row.lead
                for outcome in outcomes
                if outcome.outcome in ("new", "update")
                and outcome.row.lead
                and outcome.row.lead.lower() not in known
            },
            key=str.lower,
        )
        return render(
            request,
            "intake/plan_preview.html",
            {
                "review": review,
                "file_name": form.file_name,
                "sheets": form.sheets,
                "outcomes": outcomes,
                "counts": count_outcomes(outcomes),
                "new_leads": new_leads,
                "confirm": PlanConfirmForm(
                    initial={
                        "payload": pack_preview(
                            review=review,
                            file_name=form.file_name,
                            sha256=form.sha256,
                            sheets=form.sheets,
                        )
                    }
                ),
                "crumbs": _crumbs(
                    ("Import an action plan", reverse("intake:plan-import")), ("Preview", None)
                ),
            },
        )
    recent = PlanImport.objects.filter(
        review__in=importable_reviews(request.user).values("pk")
    ).select_related("review__board", "imported_by")[:10]
    return render(
        request,
        "intake/plan_upload.html",
        {"form": form, "recent": recent, "crumbs": _crumbs(CRUMB)},
    )


@login_required
@require_http_methods(["POST"])
def plan_confirm(request):
    """Step 2: save the previewed rows, all or nothing, and show what was done."""
    from .plan_services import apply_plan_import

    check_importer(request.user)
    form = PlanConfirmForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["payload"][0])
        return redirect("intake:plan-import")
    review_id, file_name, sha256, sheets = form.cleaned_data["payload"]
    review = importable_reviews(request.user).filter(pk=review_id).first()
    if review is None:
        raise PermissionDenied("Only a manager of the review's board can import its plan.")
    record, outcomes = apply_plan_import(
        review=review, user=request.user, file_name=file_name, sha256=sha256, sheets=sheets
    )
    if record is None:
        messages.info(
            request,
            f"Nothing changed: every row of “{file_name}” is as it was imported before "
            "(rows with errors were left out).",
        )
        return redirect("intake:plan-import")
    messages.success(
        request,
        f"Imported “{file_name}” into {review.name}: {record.created_count} new, "
        f"{record.updated_count} updated, {record.unchanged_count} unchanged, "
        f"{record.error_count} left out with errors.",
    )
    return redirect(record)


@login_required
def plan_import_detail(request, pk):
    """One import: what it did, and each action with its source row."""
    check_importer(request.user)
    record = get_object_or_404(
        PlanImport.objects.filter(
            review__in=importable_reviews(request.user).values("pk")
        ).select_related("review__board", "imported_by"),
        pk=pk,
    )
    rows = record.rows.select_related("action__lead").order_by("sheet", "row_number")
    return render(
        request,
        "intake/plan_import_detail.html",
        {
            "record": record,
            "rows": rows,
            "crumbs": _crumbs(
                ("Import an action plan", reverse("intake:plan-import")), (record.file_name, None)
            ),
        },
    )
