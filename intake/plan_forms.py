"""The plan import's forms: choose the review and the file; confirm the preview (signed rows)."""

import hashlib

from django import forms
from django.core import signing

from actions.querysets import responsibilities
from reviews.models import Review

from .plans import MAX_FILE_BYTES, PlanFileError, PlanRow, PlanSheet, read_plan

SIGNING_SALT = "intake.plan-import"
PREVIEW_MAX_AGE = 60 * 60  # a preview left open for more than an hour is read again


def importable_reviews(user):
    """The reviews a user may import a plan into: those of the boards they manage (all, admins)."""
    reviews = Review.objects.select_related("board").order_by("board__name", "name")
    if user.is_active and user.is_superuser:
        return reviews
    return reviews.filter(board_id__in=responsibilities(user).managed_board_ids)


class ReviewChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        draft = "" if obj.is_published else " (draft)"
        return f"{obj.board.name}: {obj.name}{draft}"


class PlanUploadForm(forms.Form):
    """The review whose plan it is and the plan file (.xlsx or .csv, 2 MB at most)."""

    review = ReviewChoiceField(
        queryset=Review.objects.none(),
        label="Review",
        empty_label="Choose the review",
        help_text="The actions are added to this review's action plan.",
        error_messages={
            "required": "Choose the review whose action plan this is.",
            "invalid_choice": "Choose one of your board's reviews.",
        },
        widget=forms.Select(attrs={"class": "select"}),
    )
    file = forms.FileField(
        label="Action plan file",
        help_text="An Excel workbook (.xlsx) or a CSV file, 2 MB at most. Columns are found by "
        "their headers: action, lead, deadline (“by when”), success measure (“how will we "
        "know”), status or RAG, progress (“update”), and the finding or recommendation number.",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
        error_messages={
            "required": "Choose the action plan file to upload.",
            "empty": "The file is empty. Choose the action plan's .xlsx or .csv file.",
        },
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["review"].queryset = importable_reviews(user)

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload is None:
            return cleaned
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(
                "The file is larger than 2 MB. Save only the action plan's sheet, or split it."
            )
        content = upload.read()
        try:
            self.sheets = read_plan(upload.name, content)
        except PlanFileError as error:
            raise forms.ValidationError(str(error)) from error
        self.file_name = upload.name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1][:255]
        self.sha256 = hashlib.sha256(content).hexdigest()
        return cleaned


def pack_preview(*, review, file_name, sha256, sheets):
    """The preview's rows, signed, for the confirm button to post back (nothing kept server-side)."""
    return signing.dumps(
        {
            "review": review.pk,
            "file_name": file_name,
            "sha256": sha256,
            "sheets": [
                {
                    "title": sheet.title,
                    "header_row": sheet.header_row,
                    "columns": sheet.columns,
                    "rows": [
                        {
                            **row.content(),
                            "sheet": row.sheet,
                            "row_number": row.row_number,
                            "errors": row.errors,
                        }
                        for row in sheet.rows
                    ],
                }
                for sheet in sheets
            ],
        },
        salt=SIGNING_SALT,
        compress=True,
    )


def unpack_preview(payload):
    """The signed preview back as (review id, file name, sha256, sheets); ValueError if the
    payload was changed or is older than an hour."""
    import datetime

    try:
        data = signing.loads(payload, salt=SIGNING_SALT, max_age=PREVIEW_MAX_AGE)
    except (signing.BadSignature, ValueError, TypeError) as error:
        raise ValueError("The preview has expired or was changed.") from error
    sheets = []
    for sheet in data["sheets"]:
        rows = []
        for row in sheet["rows"]:
            due = row.pop("due_date")
            rows.append(
                PlanRow(
                    action=row["action"],
                    lead=row["lead"],
                    deadline_text=row["deadline_text"],
                    due_date=datetime.date.fromisoformat(due) if due else None,
                    success_measure=row["success_measure"],
                    status=row["status"],
                    progress=row["progress"],
                    ref=row["ref"],
                    sheet=row["sheet"],
                    row_number=row["row_number"],
                    errors=row["errors"],
                )
            )
        sheets.append(PlanSheet(sheet["title"], sheet["header_row"], sheet["columns"], rows))
    return data["review"], data["file_name"], data["sha256"], sheets


class PlanConfirmForm(forms.Form):
    """The confirm button's form: the signed preview."""

    payload = forms.CharField(widget=forms.HiddenInput)

    def clean_payload(self):
        try:
            return unpack_preview(self.cleaned_data["payload"])
        except ValueError as error:
            raise forms.ValidationError(
                "This preview has expired (after an hour) or was changed. Upload the file again."
            ) from error
