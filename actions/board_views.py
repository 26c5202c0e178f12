"""A board's pages for its meeting: the dashboard and the annual-report section (page and .docx).

Board members (any role: manager, quality assurance, partnership member) and national
administrators see them; anyone else signed in gets 403, and visitors are asked to sign in.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from reviews.models import Board

from .docx import annual_report_docx
from .forms import ReportPeriodForm, last_financial_year
from .models import Membership
from .reports import annual_report, dashboard

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def board_for_member(request, slug):
    """The board, if the user is one of its members or an administrator (else 403; 404 if none)."""
    board = get_object_or_404(Board, slug=slug)
    user = request.user
    is_admin = user.is_active and user.is_superuser
    if not is_admin and not Membership.objects.filter(user_id=user.pk, board=board).exists():
        raise PermissionDenied("Only this board's members can see its dashboard and reports.")
    return board


@login_required
@require_GET
def board_dashboard(request, slug):
    """Counts by status and flag, assured share, oldest overdue, slippage, by lead: printable."""
    board = board_for_member(request, slug)
    return render(
        request,
        "actions/dashboard.html",
        {
            "board": board,
            "dashboard": dashboard(board),
            "today": timezone.localdate(),
            "crumbs": [
                ("Action tracker", reverse("actions:tracker")),
                (f"{board.name}: dashboard", None),
            ],
        },
    )


def report_period(request):
    """The period form bound to the query (the last financial year when none is given)."""
    if "start" in request.GET or "end" in request.GET:
        return ReportPeriodForm(request.GET)
    start, end = last_financial_year(timezone.localdate())
    return ReportPeriodForm({"start": start.isoformat(), "end": end.isoformat()})


@login_required
@require_GET
def board_annual_report(request, slug):
    """The annual-report section for a period, printable, with a .docx of the same."""
    board = board_for_member(request, slug)
    form = report_period(request)
    report = None
    if form.is_valid():
        report = annual_report(board, form.cleaned_data["start"], form.cleaned_data["end"])
    return render(
        request,
        "actions/annual_report.html",
        {
            "board": board,
            "form": form,
            "report": report,
            "docx_query": request.GET.urlencode() if "start" in request.GET else "",
            "crumbs": [
                ("Action tracker", reverse("actions:tracker")),
                (f"{board.name}: annual report", None),
            ],
        },
        status=200,
    )


@login_required
@require_GET
def board_annual_report_docx(request, slug):
    """The annual-report section as a Word document (bad dates: the page, with its errors)."""
    board = board_for_member(request, slug)
    form = report_period(request)
    if not form.is_valid():
        return board_annual_report(request, slug)
    start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    content = annual_report_docx(
        annual_report(board, start, end),
        url_for=lambda obj: request.build_absolute_uri(obj.get_absolute_url()),
    )
    response = HttpResponse(content, content_type=DOCX_CONTENT_TYPE)
    response["Content-Disposition"] = (
        f'attachment; filename="{board.slug}-annual-report-{start:%Y-%m-%d}-to-{end:%Y-%m-%d}.docx"'
    )
    return response
