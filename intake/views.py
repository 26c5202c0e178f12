"""The admin's “Add a briefing” pages: upload (or paste), then an editable preview, then save.

Registered by ReviewAdmin.get_urls under /admin/reviews/review/intake/, wrapped in
admin_site.admin_view (staff only) and checked for the add permission on reviews and findings.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from reviews.models import Board
from themes.models import Theme

from .extract import IntakeError
from .forms import (
    FindingFormSet,
    ReviewProposalForm,
    UploadForm,
    actions_to_text,
    pack_text,
    unpack_text,
)
from .initial import finding_initial, proposal_from, review_initial
from .parser import ProposedFinding, guess_board, parse
from .services import save_draft, unheld_lead_names
from .themes import ThemeMatcher

FINDINGS_PREFIX = "findings"
# Each finding posts twelve fields; Django refuses a request of more than
# DATA_UPLOAD_MAX_NUMBER_FIELDS (1,000) fields, so the preview holds at most this many findings.
MAX_PREVIEW_FINDINGS = 75
REVIEW_PREFIX = "review"


def _check_permission(request, model_admin):
    user = request.user
    if not (
        model_admin.has_add_permission(request)
        and user.has_perm("findings.add_finding")
        and user.has_perm("reviews.add_briefing")
    ):
        raise PermissionDenied


def _context(request, model_admin, **extra):
    return {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "app_label": model_admin.model._meta.app_label,
        "has_view_permission": True,
        **extra,
    }


def upload_view(request, model_admin):
    """Step 1: a file or pasted text, and optionally the board."""
    _check_permission(request, model_admin)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        extracted = form.extracted
        proposal = parse(extracted.text)
        if len(proposal.findings) > MAX_PREVIEW_FINDINGS:
            form.add_error(
                None,
                f"The parser found {len(proposal.findings)} findings; this page can check at most "
                f"{MAX_PREVIEW_FINDINGS} at once. Upload the briefing in parts, or import it with "
                "`manage.py import_briefing` and correct it in the admin.",
            )
            return TemplateResponse(
                request,
                "admin/reviews/review/intake_upload.html",
                _context(request, model_admin, title="Add a briefing", form=form),
            )
        themes = list(Theme.objects.all())
        matcher = ThemeMatcher(themes)
        board = form.cleaned_data["board"] or guess_board(extracted.text, list(Board.objects.all()))
        review_form = ReviewProposalForm(
            prefix=REVIEW_PREFIX,
            initial=review_initial(
                proposal,
                text=extracted.text,
                sha256=extracted.sha256,
                file_name=extracted.file_name,
                board=board,
            ),
        )
        formset = FindingFormSet(
            prefix=FINDINGS_PREFIX,
            initial=[finding_initial(f) for f in proposal.findings],
            form_kwargs={"matcher": matcher, "themes": themes},
        )
        return _render_preview(
            request,
            model_admin,
            review_form,
            formset,
            summary=_summary(proposal, board_guessed=not form.cleaned_data["board"] and board),
        )
    return TemplateResponse(
        request,
        "admin/reviews/review/intake_upload.html",
        _context(request, model_admin, title="Add a briefing", form=form),
    )


def preview_view(request, model_admin):
    """Step 2: the editable proposal. Update re-renders it; Save writes a draft review."""
    _check_permission(request, model_admin)
    if request.method != "POST":
        return redirect("admin:reviews_review_intake")
    themes = list(Theme.objects.all())
    matcher = ThemeMatcher(themes)
    review_form = ReviewProposalForm(request.POST, prefix=REVIEW_PREFIX)
    formset = FindingFormSet(
        request.POST, prefix=FINDINGS_PREFIX, form_kwargs={"matcher": matcher, "themes": themes}
    )
    valid = review_form.is_valid() and formset.is_valid()
    if not valid:
        return _render_preview(request, model_admin, review_form, formset)
    findings = formset.proposed_findings()
    if "_save" in request.POST:
        proposal = proposal_from(review_form, findings)
        data = review_form.cleaned_data
        try:
            review = save_draft(
                proposal=proposal,
                board=data["board"],
                publisher=data["publisher"],
                briefing_title=data["briefing_title"],
                text=data["text"],
                file_name=data["file_name"],
                other_parts=parse(data["text"]).parts if data.get("save_parts") else (),
            )
        except IntakeError as error:
            review_form.add_error(None, str(error))
            return _render_preview(request, model_admin, review_form, formset)
        messages.success(
            request,
            f"Saved “{review.name}” as a draft with {len(findings)} findings. Check it, then "
            "publish it to make it visible to the public.",
        )
        unheld = unheld_lead_names(review)
        if unheld:
            # Ownership first: a lead nobody holds is never reminded and cannot update.
            names = f"{', '.join(unheld[:5])}{'…' if len(unheld) > 5 else ''}"
            url = reverse("actions:board-leads", kwargs={"slug": review.board.slug})
            if request.user.has_perm("actions.manage_board", review.board):
                messages.warning(
                    request,
                    f"The plan names {len(unheld)} lead(s) with nobody attached ({names}). "
                    "Attach the people who hold them below; the draft review is in the admin "
                    "under Reviews.",
                )
                return redirect(f"{url}?review={review.slug}")
            messages.warning(
                request,
                f"The plan names {len(unheld)} lead(s) with nobody attached ({names}). Ask a "
                f"manager of {review.board.name} to attach people at {url}.",
            )
        return redirect(reverse("admin:reviews_review_change", args=[review.pk]))
    # Update (or add a finding): apply removals, merges and the order, then show it afresh.
    note = ""
    if "_add_finding" in request.POST:
        if len(findings) < MAX_PREVIEW_FINDINGS:
            findings.append(ProposedFinding(kind="finding"))
        else:
            note = f" The preview holds at most {MAX_PREVIEW_FINDINGS} findings: none was added."
    fresh = FindingFormSet(
        prefix=FINDINGS_PREFIX,
        initial=[finding_initial(f) for f in findings],
        form_kwargs={"matcher": matcher, "themes": themes},
    )
    review_form = ReviewProposalForm(
        prefix=REVIEW_PREFIX, initial=_initial_from(review_form.cleaned_data)
    )
    return _render_preview(
        request,
        model_admin,
        review_form,
        fresh,
        updated=f"Updated: {len(findings)} findings.{note}",
    )


def _initial_from(data):
    initial = dict(data)
    initial["text"] = pack_text(data["text"])
    initial["actions"] = actions_to_text(data["actions"])
    return initial


def _summary(proposal, *, board_guessed):
    schemes = {
        "labelled": "labelled findings or themes (“Finding 1”, “Theme 1”)",
        "numbered": "numbered sections (“3.5 …”)",
        "headings": "headings under a findings heading",
        "none": "no recognisable findings: add them below",
        "sections": "sections recognised by their headings (listed below)",
    }
    roles = {
        "findings": "Findings",
        "recommendations": "Recommendations",
        "actions": "Action plan",
        "questions": "Reflective questions",
        "good": "Good practice (not findings)",
        "background": "Background (not findings)",
        "contents": "Contents list (skipped)",
        "end": "End of the review's part",
    }
    missing = [
        name
        for name, count in (
            ("findings", len(proposal.findings)),
            ("recommendations", proposal.recommendation_count),
            ("actions", proposal.action_count),
            ("reflective questions", proposal.question_count),
        )
        if not count
    ]
    return {
        "recognised": [
            {"line": line, "role": roles.get(role, role), "heading": heading}
            for line, role, heading in proposal.recognised
        ],
        "missing": missing,
        "notes": proposal.notes,
        "unread_tables": proposal.unread_tables[:5],
        "details": {
            "name": proposal.review_name,
            "kind": proposal.kind,
            "year": proposal.year,
            "board": " ".join(
                filter(
                    None,
                    [
                        proposal.board_name,
                        f"({proposal.board_abbreviation})" if proposal.board_abbreviation else "",
                    ],
                )
            ),
        },
        "parts": [
            {
                "name": part.review_name,
                "board": part.board_name,
                "kind": part.kind,
                "year": part.year,
                "findings": len(part.findings),
                "recommendations": part.recommendation_count,
                "actions": part.action_count,
                "questions": part.question_count,
            }
            for part in proposal.parts
        ],
        "scheme": schemes.get(proposal.scheme, proposal.scheme),
        "findings": len(proposal.findings),
        "recommendations": proposal.recommendation_count,
        "questions": proposal.question_count,
        "actions": proposal.action_count,
        "board_guessed": board_guessed,
    }


def _render_preview(request, model_admin, review_form, formset, **extra):
    """The preview page; a form with errors is shown with 200, as the admin's own forms are."""
    try:
        text = unpack_text(review_form["text"].value() or "")
    except ValueError:
        text = ""
    return TemplateResponse(
        request,
        "admin/reviews/review/intake_preview.html",
        _context(
            request,
            model_admin,
            title="Check the proposed review",
            review_form=review_form,
            formset=formset,
            briefing_text=text,
            **extra,
        ),
    )
