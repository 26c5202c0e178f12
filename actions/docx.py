"""The annual-report section as a Word document (python-docx), from actions.reports.annual_report."""

from io import BytesIO

from docx import Document
from docx.shared import Pt

from .models import Action


def _table(document, header, rows):
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in rows:
        for cell, value in zip(table.add_row().cells, row, strict=True):
            cell.text = str(value)
    return table


def annual_report_docx(report, *, url_for):
    """The report as .docx bytes; `url_for(obj)` gives an object's absolute URL."""
    document = Document()
    document.styles["Normal"].font.size = Pt(11)
    document.add_heading(f"What we did as a result of reviews – {report.board.name}", level=1)
    document.add_paragraph(f"From {report.start:%-d %B %Y} to {report.end:%-d %B %Y}.")

    document.add_heading("Reviews published in the period", level=2)
    if report.reviews:
        for review in report.reviews:
            when = f"{review.published_at:%B %Y}" if review.published_at else str(review.year or "")
            document.add_paragraph(
                f"{review.name} ({review.get_kind_display()}, {when})", style="List Bullet"
            )
    else:
        document.add_paragraph("No review was published in the period.")

    document.add_heading("Themes of their findings", level=2)
    if report.themes:
        _table(document, ["Theme", "Findings"], [(t.name, t.finding_count) for t in report.themes])
    else:
        document.add_paragraph("No themes recorded for the period's reviews.")

    document.add_heading("Actions", level=2)
    counts = report.counts
    document.add_paragraph(
        f"In the period {report.done_in_period} action(s) were completed and "
        f"{report.assured_in_period} assured (their impact verified). Today the board has "
        f"{counts['total']} action(s) on its published plans:"
    )
    _table(
        document,
        ["Status", "Actions"],
        [
            ("Done (complete, awaiting assurance)", counts["complete_all"]),
            ("Assured", counts["assured_all"]),
            ("Overdue", counts["overdue"]),
            ("Slipped (revised later than original)", counts["slipped"]),
            *(
                (status.label, counts[status.value.replace("-", "_")])
                for status in Action.Status
                if status not in Action.DONE_STATUSES
            ),
        ],
    )

    document.add_heading("Evidence of impact", level=2)
    if report.evidence:
        for update in report.evidence:
            paragraph = document.add_paragraph(style="List Bullet")
            paragraph.add_run(f"{update.action.description[:160]} ").bold = True
            paragraph.add_run(f"({update.action.plan.review.name}): {update.evidence}")
            if update.evidence_url:
                paragraph.add_run(f" {update.evidence_url}")
    else:
        document.add_paragraph("No action was assured with evidence of impact in the period.")

    document.add_heading("Learning used in practice", level=2)
    used = report.learning_used
    if used.get("records"):
        document.add_paragraph(
            f"{used['records']} record(s) of teams using a theme's page, its 7-minute briefing "
            f"or a review in the period, reaching {used['people']} people."
        )
        _table(
            document,
            ["Theme or review", "Records", "People"],
            [
                (f"{row['theme__name']} (theme)", row["records"], row["people"] or 0)
                for row in used["by_theme"][:5]
            ]
            + [
                (f"{row['review__name']} (review)", row["records"], row["people"] or 0)
                for row in used["by_review"][:5]
            ],
        )
    else:
        document.add_paragraph("No team of this board recorded using the learning in the period.")
    document.add_heading("Escalations", level=2)
    document.add_paragraph(report.escalations_note)
    if report.escalations:
        _table(
            document,
            ["Action", "Review", "Lead", "Due", "Escalated", "Reason", "Link"],
            [
                (
                    action.description[:160],
                    action.plan.review.name,
                    action.lead.name if action.lead else "None named",
                    f"{action.effective_due_date:%-d %b %Y}" if action.effective_due_date else "",
                    f"{action.escalated_at:%-d %b %Y}",
                    action.escalation_reason,
                    url_for(action),
                )
                for action in report.escalations
            ],
        )
    else:
        document.add_paragraph("No action was escalated to the board in the period.")
    stream = BytesIO()
    document.save(stream)
    return stream.getvalue()
