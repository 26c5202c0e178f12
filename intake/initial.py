"""Between a proposal and the preview's forms: initial values from a proposal, and a proposal
from the confirmed forms."""

from .forms import ReviewProposalForm, actions_to_text, lines_of, pack_text
from .proposal import Proposal, ProposedFinding


def finding_initial(finding: ProposedFinding) -> dict:
    return {
        "label": finding.label,
        "title": finding.title,
        "kind": finding.kind,
        "text": finding.text,
        "themes": [str(pk) for pk in finding.theme_ids],
        "recommendations": "\n".join(finding.recommendations),
        "questions": "\n".join(finding.questions),
        "success_measure": finding.success_measure,
        "actions": actions_to_text(finding.actions),
        "section": finding.section,
        "line_start": finding.line_start,
        "line_end": finding.line_end,
    }


def review_initial(proposal: Proposal, *, text, sha256, file_name, board=None, publisher=None):
    return {
        "text": pack_text(text),
        "sha256": sha256,
        "file_name": file_name,
        "briefing_title": proposal.title or proposal.review_name,
        "board": board,
        "publisher": publisher or board,
        "review_name": proposal.review_name,
        "kind": proposal.kind,
        "year": proposal.year,
        "practice_period": proposal.practice_period,
        "family_pseudonym": proposal.family_pseudonym,
        "family_children": proposal.family_children,
        "family_circumstances": proposal.family_circumstances,
        "recommendations": "\n".join(proposal.recommendations),
        "questions": "\n".join(proposal.questions),
        "actions": actions_to_text(proposal.actions),
        "published": proposal.published,
        "parts": len(proposal.parts),
    }


def proposal_from(review_form: ReviewProposalForm, findings: list[ProposedFinding]) -> Proposal:
    data = review_form.cleaned_data
    return Proposal(
        title=data["briefing_title"],
        review_name=data["review_name"].strip(),
        kind=data["kind"],
        year=data["year"],
        practice_period=data["practice_period"].strip(),
        family_pseudonym=data["family_pseudonym"].strip(),
        family_children=data["family_children"].strip(),
        family_circumstances=data["family_circumstances"].replace("\r\n", "\n").strip(),
        findings=findings,
        recommendations=lines_of(data["recommendations"]),
        questions=lines_of(data["questions"]),
        actions=data["actions"],
        published=data["published"],
    )
