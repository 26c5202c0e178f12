"""The intake's forms: the upload, and the editable proposal round-tripped through the preview.

The proposal lives in the form itself (the whole text in a hidden field with its SHA-256 beside
it, each finding a formset form), so a validation error re-renders exactly what the admin typed
and nothing is kept on the server between requests. The hidden text travels compressed
(zlib, base64): a long briefing would otherwise go back and forth twice over (once whole, once
in its findings) and pass Django's 2.5 MB limit on a request's form data.
"""

import base64
import binascii
import zlib

from django import forms
from django.core.exceptions import ValidationError
from django.forms import formset_factory

from actions.models import Action
from findings.models import Finding
from reviews.models import Board, Review

from .extract import MAX_TEXT_CHARS, IntakeError, extract_pasted, extract_upload, sha256_of
from .parser import ProposedAction, ProposedFinding
from .services import duplicate_message, existing_briefing

ACTION_HELP = (
    "One action per line: what will be done | who will lead | by when | status. Only the first "
    "part is needed; write “complete” as the status for what the briefing says is done."
)


class UploadForm(forms.Form):
    file = forms.FileField(
        required=False,
        label="Briefing file",
        help_text="A .txt, .md, .docx or .pdf file.",
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,.md,.docx,.pdf"}),
    )
    text = forms.CharField(
        required=False,
        strip=False,
        label="Or paste the briefing's text",
        widget=forms.Textarea(attrs={"rows": 10, "cols": 80}),
    )
    board = forms.ModelChoiceField(
        queryset=Board.objects.all(),
        required=False,
        label="Board whose review it is",
        help_text="Leave blank to have one suggested from the text; you confirm it next.",
    )

    def clean(self):
        cleaned = super().clean()
        upload, text = cleaned.get("file"), cleaned.get("text") or ""
        if upload and text.strip():
            raise ValidationError("Upload a file or paste text, not both.")
        if not upload and not text.strip():
            raise ValidationError("Upload a briefing file or paste its text.")
        try:
            self.extracted = extract_upload(upload) if upload else extract_pasted(text)
        except IntakeError as error:
            raise ValidationError(str(error)) from error
        if duplicate := existing_briefing(self.extracted.sha256):
            raise ValidationError(duplicate_message(duplicate))
        return cleaned


# A briefing holds at most MAX_TEXT_CHARS characters, so at most that many lines.
MAX_LINE = MAX_TEXT_CHARS + 1


def pack_text(text: str) -> str:
    """The text for the hidden field: compressed and base64-encoded (ASCII, no newlines)."""
    return base64.b64encode(zlib.compress(text.encode("utf-8"), 9)).decode("ascii")


def unpack_text(packed: str) -> str:
    """The text back from the hidden field; ValueError if it is not what pack_text made."""
    try:
        data = base64.b64decode(packed.encode("ascii"), validate=True)
        inflater = zlib.decompressobj()
        # Never inflate more than the largest text the intake accepts (4 bytes a character).
        raw = inflater.decompress(data, MAX_TEXT_CHARS * 4 + 1)
        if inflater.unconsumed_tail or len(raw) > MAX_TEXT_CHARS * 4:
            raise ValueError("the text is larger than the intake accepts")
        return raw.decode("utf-8")
    except (binascii.Error, zlib.error, UnicodeError) as error:
        raise ValueError(str(error)) from error


def lines_of(value: str) -> list[str]:
    return [line.strip() for line in value.replace("\r\n", "\n").split("\n") if line.strip()]


def actions_to_text(actions: list[ProposedAction]) -> str:
    rows = []
    for action in actions:
        parts = [action.description, action.lead, action.deadline, action.status]
        while parts and not parts[-1]:
            parts.pop()
        rows.append(" | ".join(parts))
    return "\n".join(rows)


def actions_from_text(value: str) -> list[ProposedAction]:
    actions = []
    for number, row in enumerate(lines_of(value), start=1):
        parts = [part.strip() for part in row.split(" | ")]
        if len(parts) > 4:
            raise ValidationError(
                f"Action line {number} has {len(parts)} parts; give at most four separated by "
                "“ | ” (what | who will lead | by when | status)."
            )
        parts += [""] * (4 - len(parts))
        description, lead, deadline, status = parts
        if not description:
            raise ValidationError(f"Action line {number} says who or when but not what.")
        status = status.lower()
        if status and status not in {"complete", "done"}:
            raise ValidationError(
                f"Action line {number}: the status can only be “complete” (or left out)."
            )
        actions.append(
            ProposedAction(
                description=description,
                lead=lead,
                deadline=deadline,
                status=Action.Status.COMPLETE if status else "",
            )
        )
    return actions


class ReviewProposalForm(forms.Form):
    """The review as a whole, the briefing's text (hidden) and the items under no finding."""

    text = forms.CharField(widget=forms.HiddenInput, help_text="The whole text, packed.")
    sha256 = forms.CharField(widget=forms.HiddenInput)
    file_name = forms.CharField(required=False, widget=forms.HiddenInput)
    briefing_title = forms.CharField(max_length=300, label="Briefing title")
    publisher = forms.ModelChoiceField(
        queryset=Board.objects.all(),
        label="Published by",
        help_text="The body that published the document (not always the board whose review it is).",
    )
    board = forms.ModelChoiceField(queryset=Board.objects.all(), label="Board whose review it is")
    review_name = forms.CharField(max_length=200, label="Review name")
    kind = forms.ChoiceField(choices=Review.Kind.choices, label="Kind of review")
    year = forms.IntegerField(required=False, min_value=1970, max_value=2100)
    practice_period = forms.CharField(max_length=200, required=False)
    family_pseudonym = forms.CharField(
        max_length=120,
        required=False,
        label="Family",
        help_text="Leave blank for a thematic review.",
    )
    family_children = forms.CharField(
        required=False, label="Children", widget=forms.Textarea(attrs={"rows": 2})
    )
    family_circumstances = forms.CharField(
        required=False, label="Circumstances", widget=forms.Textarea(attrs={"rows": 3})
    )
    recommendations = forms.CharField(
        required=False,
        label="Recommendations under no finding",
        help_text="One per line.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    questions = forms.CharField(
        required=False,
        label="Reflective questions under no finding",
        help_text="One per line.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    actions = forms.CharField(
        required=False,
        label="Actions under no finding",
        help_text=ACTION_HELP,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    published = forms.DateField(required=False, widget=forms.HiddenInput)
    parts = forms.IntegerField(required=False, min_value=0, max_value=50, widget=forms.HiddenInput)
    save_parts = forms.BooleanField(
        required=False,
        initial=True,
        label="Save the document's other reviews as drafts too",
        help_text="Each as proposed (listed above), from the same briefing, to check in the admin.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        parts = (
            self.data.get(self.add_prefix("parts")) if self.is_bound else self.initial.get("parts")
        )
        if not str(parts or "").isdigit() or not int(parts):
            del self.fields["save_parts"]  # a document with one review: nothing to ask

    def clean_text(self):
        try:
            return unpack_text(self.cleaned_data["text"])
        except ValueError as error:
            raise ValidationError(
                "The briefing's text was damaged on its way back. Start again from “Add a "
                "briefing”."
            ) from error

    UNDER_NO_FINDING = ("recommendations", "questions", "actions")

    def review_fields(self):
        """The visible fields about the review itself, in order."""
        return [f for f in self.visible_fields() if f.name not in self.UNDER_NO_FINDING]

    def clean_actions(self):
        return actions_from_text(self.cleaned_data["actions"])

    def clean(self):
        cleaned = super().clean()
        text = cleaned.get("text")
        if text is not None and sha256_of(text) != cleaned.get("sha256"):
            raise ValidationError(
                "The briefing's text changed between the upload and this page. Start again from "
                "“Add a briefing”."
            )
        return cleaned


class FindingForm(forms.Form):
    """One proposed finding with what hangs under it; themes are ticked here to confirm them."""

    label = forms.CharField(
        max_length=120, required=False, help_text="As printed: “Finding 3”, “3.5”."
    )
    title = forms.CharField(max_length=300, required=False)
    kind = forms.ChoiceField(choices=Finding.Kind.choices)
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), label="Text (verbatim)")
    themes = forms.MultipleChoiceField(
        required=False, widget=forms.CheckboxSelectMultiple, label="Themes"
    )
    recommendations = forms.CharField(
        required=False, help_text="One per line.", widget=forms.Textarea(attrs={"rows": 3})
    )
    questions = forms.CharField(
        required=False,
        label="Reflective questions",
        help_text="One per line.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    success_measure = forms.CharField(
        required=False,
        label="How will we know we are making a difference?",
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    actions = forms.CharField(
        required=False, help_text=ACTION_HELP, widget=forms.Textarea(attrs={"rows": 4})
    )
    merge_with_previous = forms.BooleanField(
        required=False,
        label="Merge into the finding above",
        help_text="Its text, items and themes are added to the finding above when you update.",
    )
    section = forms.CharField(required=False, widget=forms.HiddenInput)
    line_start = forms.IntegerField(required=False, widget=forms.HiddenInput)
    line_end = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, matcher=None, themes=(), **kwargs):
        super().__init__(*args, **kwargs)
        suggestions = matcher.suggest(self._words()) if matcher else []
        self.suggestions = suggestions
        suggested = {s.theme_id: s for s in suggestions}
        choices = [
            (
                str(s.theme_id),
                f"{s.theme_name} — suggested by: " + ", ".join(f"“{w}”" for w in s.words[:6]),
            )
            for s in suggestions
        ]
        choices += [(str(theme.pk), theme.name) for theme in themes if theme.pk not in suggested]
        self.fields["themes"].choices = choices

    def _words(self) -> str:
        names = ("label", "title", "text", "recommendations", "questions")
        if self.is_bound:
            return "\n".join(str(self.data.get(self.add_prefix(name), "")) for name in names)
        return "\n".join(str(self.initial.get(name, "")) for name in names)

    def clean_actions(self):
        return actions_from_text(self.cleaned_data["actions"])

    def clean_line_start(self):
        return _line_number(self.cleaned_data["line_start"])

    def clean_line_end(self):
        return _line_number(self.cleaned_data["line_end"])

    def to_proposed(self) -> ProposedFinding:
        data = self.cleaned_data
        return ProposedFinding(
            label=data["label"].strip(),
            title=data["title"].strip(),
            text=data["text"].replace("\r\n", "\n").strip(),
            kind=data["kind"],
            section=data["section"] or "",
            line_start=data["line_start"],
            line_end=data["line_end"],
            recommendations=lines_of(data["recommendations"]),
            questions=lines_of(data["questions"]),
            success_measure=data["success_measure"].replace("\r\n", "\n").strip(),
            actions=data["actions"],
            theme_ids=[int(pk) for pk in data["themes"]],
        )


def _line_number(value):
    """A hidden line reference out of any briefing's range (tampered with: 99999999999, -5) is
    dropped rather than refused: it only points into the text, and the admin cannot see it."""
    return value if value is not None and 1 <= value <= MAX_LINE else None


BaseFindingFormSet = formset_factory(FindingForm, extra=0, can_delete=True, can_order=True)


class FindingFormSet(BaseFindingFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.fields["ORDER"].label = "Position"
        form.fields["ORDER"].help_text = "Findings are saved in this order."
        form.fields["DELETE"].label = "Remove this finding"

    def clean(self):
        super().clean()
        # A tampered management form (TOTAL_FORMS=abc) is already a non-form error, and Django
        # then has no ordered_forms to give: stop here rather than raise.
        if not self.management_form.is_valid() or any(self.errors):
            return
        if self.management_form.cleaned_data["TOTAL_FORMS"] < 0:
            raise ValidationError("The form's finding count was damaged in transit; start again.")
        kept = [f for f in self.ordered_forms if not self._should_delete_form(f)]
        if kept and kept[0].cleaned_data.get("merge_with_previous"):
            kept[0].add_error("merge_with_previous", "The first finding has nothing above it.")

    def proposed_findings(self) -> list[ProposedFinding]:
        """The findings in the chosen order, removed ones dropped and merges applied."""
        findings: list[ProposedFinding] = []
        for form in self.ordered_forms:
            if self._should_delete_form(form):
                continue
            proposed = form.to_proposed()
            if form.cleaned_data["merge_with_previous"] and findings:
                _merge(findings[-1], proposed)
            else:
                findings.append(proposed)
        return findings


def _merge(into: ProposedFinding, other: ProposedFinding):
    into.text = f"{into.text}\n\n{other.text}".strip()
    if other.title and not into.title:
        into.title = other.title
    into.recommendations += other.recommendations
    into.questions += other.questions
    into.success_measure = "\n".join(p for p in (into.success_measure, other.success_measure) if p)
    into.actions += other.actions
    into.theme_ids = list(dict.fromkeys(into.theme_ids + other.theme_ids))
    ends = [n for n in (into.line_end, other.line_end) if n]
    into.line_end = max(ends) if ends else None
