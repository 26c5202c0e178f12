"""Reading a board's existing action plan (.xlsx or .csv) into rows the plan import can match.

- The file is read into tablib Datasets: an .xlsx through tablib's XLSX format (every sheet,
  cell values as Excel computed them, real dates as dates), a .csv through the csv module
  (delimiter sniffed; each line keeps its number, blank ones included) into a Dataset.
- In each sheet the header row is found by its words, anywhere in the first 15 rows (a title
  row, merged across the columns, often sits above it): the row that names an action column and
  at least one other known column. Columns are matched by header, in any order, through
  HEADER_SYNONYMS (“What will be done” is the action, “By when” the deadline, “RAG” the status).
- Each row below it becomes a PlanRow: its fields, the sheet and the row number as the
  spreadsheet shows them, and errors in words a business manager can act on.
"""

import csv
import datetime
import io
import re
from dataclasses import dataclass, field

import tablib

from actions.models import Action

from .deadlines import normalise, read_deadline

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2000
HEADER_SEARCH_ROWS = 15

# field -> header words that name it (compared lower-cased, without punctuation).
HEADER_SYNONYMS = {
    "action": [
        "action",
        "actions",
        "action required",
        "actions required",
        "what will be done",
        "what we will do",
        "what will we do",
        "action to be taken",
        "description",
        "task",
    ],
    "lead": [
        "lead",
        "lead agency",
        "lead officer",
        "lead person",
        "responsible",
        "responsible officer",
        "responsible agency",
        "who",
        "who will lead",
        "owner",
        "by whom",
    ],
    "deadline": [
        "deadline",
        "by when",
        "target date",
        "due date",
        "due",
        "timescale",
        "timescales",
        "completion date",
        "date",
        "when",
    ],
    "success_measure": [
        "success measure",
        "success measures",
        "how will we know",
        "how will we know we are making a difference",
        "outcome",
        "outcomes",
        "measure of success",
        "impact",
        "evidence of impact",
        "expected outcome",
    ],
    "status": ["status", "rag", "rag status", "brag", "progress status", "current status"],
    "progress": [
        "progress",
        "update",
        "progress update",
        "latest update",
        "comments",
        "progress to date",
        "notes",
    ],
    "ref": [
        "ref",
        "reference",
        "rec",
        "rec no",
        "recommendation",
        "recommendation no",
        "recommendation number",
        "finding",
        "finding no",
        "learning point",
        "no",
        "number",
    ],
}
HEADER_WORDS = {synonym: name for name, synonyms in HEADER_SYNONYMS.items() for synonym in synonyms}

STATUS = Action.Status
# Status words (and RAG colours) as plans write them -> the tracker's status.
STATUS_WORDS = {
    "not started": STATUS.NOT_STARTED,
    "not yet started": STATUS.NOT_STARTED,
    "to do": STATUS.NOT_STARTED,
    "planned": STATUS.NOT_STARTED,
    "in progress": STATUS.IN_PROGRESS,
    "ongoing": STATUS.IN_PROGRESS,
    "on track": STATUS.IN_PROGRESS,
    "started": STATUS.IN_PROGRESS,
    "underway": STATUS.IN_PROGRESS,
    "green": STATUS.IN_PROGRESS,
    "amber": STATUS.IN_PROGRESS,
    "g": STATUS.IN_PROGRESS,
    "a": STATUS.IN_PROGRESS,
    "at risk": STATUS.AT_RISK,
    "delayed": STATUS.AT_RISK,
    "off track": STATUS.AT_RISK,
    "behind": STATUS.AT_RISK,
    "red": STATUS.AT_RISK,
    "r": STATUS.AT_RISK,
    "complete": STATUS.COMPLETE,
    "completed": STATUS.COMPLETE,
    "done": STATUS.COMPLETE,
    "closed": STATUS.COMPLETE,
    "achieved": STATUS.COMPLETE,
    "blue": STATUS.COMPLETE,
    "b": STATUS.COMPLETE,
}
# Deadlines that name no date on purpose: kept as written, no error.
UNDATED_WORDS = {"ongoing", "immediate", "immediately", "continuous", "tbc", "n/a", "na", "-"}


class PlanFileError(Exception):
    """The file cannot be read as an action plan; the message says what to do."""


@dataclass
class PlanRow:
    """One row of a plan file: what it says, where it is, and what is wrong with it."""

    sheet: str
    row_number: int
    action: str = ""
    lead: str = ""
    deadline_text: str = ""
    due_date: datetime.date | None = None
    success_measure: str = ""
    status: str = ""
    progress: str = ""
    ref: str = ""
    errors: list = field(default_factory=list)

    @property
    def status_label(self):
        return Action.Status(self.status).label if self.status else ""

    def content(self):
        """What the row says, as the import compares it (and hashes it)."""
        return {
            "action": self.action,
            "lead": self.lead,
            "deadline_text": self.deadline_text,
            "due_date": self.due_date.isoformat() if self.due_date else "",
            "success_measure": self.success_measure,
            "status": self.status,
            "progress": self.progress,
            "ref": self.ref,
        }


@dataclass
class PlanSheet:
    """A sheet whose header row was found: its columns and its rows."""

    title: str
    header_row: int
    columns: dict  # field -> the header as written
    rows: list


def _words(value):
    text = re.sub(r"[^a-z0-9/ ]+", " ", str(value or "").lower())
    return " ".join(text.split())


def _text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def read_datasets(name, content):
    """The file's sheets as tablib Datasets (title, rows); PlanFileError if it is not a plan."""
    lower = name.lower()
    if not content:
        raise PlanFileError("The file is empty. Choose the action plan's .xlsx or .csv file.")
    if len(content) > MAX_FILE_BYTES:
        raise PlanFileError(
            "The file is larger than 2 MB. Save only the action plan's sheet, or split it."
        )
    if lower.endswith(".xlsx"):
        if not content.startswith(b"PK"):
            raise PlanFileError(
                "The file is not an Excel workbook (.xlsx), whatever its name says. Open it in "
                "Excel and save it as “Excel Workbook (.xlsx)” or “CSV UTF-8”."
            )
        try:
            book = tablib.Databook().load(content, "xlsx", headers=False)
        except Exception as error:  # a broken zip, a password, a chart sheet: all unreadable
            raise PlanFileError(
                "The workbook could not be read (it may be damaged or password-protected). "
                "Open it in Excel and save it again as .xlsx, or as CSV UTF-8."
            ) from error
        return list(book.sheets())
    if lower.endswith(".csv"):
        return [_csv_dataset(name, content)]
    if lower.endswith((".xls", ".xlsm", ".ods", ".docx", ".doc", ".pdf")):
        raise PlanFileError(
            "This kind of file cannot be imported. Save the plan as an Excel Workbook (.xlsx) or "
            "CSV UTF-8 (.csv) and upload that."
        )
    raise PlanFileError("Choose an Excel workbook (.xlsx) or a CSV file (.csv).")


def _csv_dataset(name, content):
    if b"\x00" in content[:4096]:
        raise PlanFileError("The file is not a CSV text file. Save the plan as CSV UTF-8.")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = content.decode("cp1252")
        except UnicodeDecodeError as error:
            raise PlanFileError(
                "The CSV file's text could not be read. Save as CSV UTF-8."
            ) from error
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        rows = list(csv.reader(io.StringIO(text), dialect))
    except csv.Error as error:
        raise PlanFileError(
            f"The CSV file is malformed ({error}). Save it again as CSV."
        ) from error
    width = max((len(row) for row in rows), default=0)
    dataset = tablib.Dataset(title=name.rsplit("/", 1)[-1])
    for row in rows:
        dataset.append(row + [""] * (width - len(row)))
    return dataset


def find_header(dataset):
    """(row index, {field: column index}) of the header row, or None if the sheet has none."""
    for index, row in enumerate(dataset[:HEADER_SEARCH_ROWS] if dataset.height else []):
        columns = {}
        for column, value in enumerate(row):
            name = HEADER_WORDS.get(_words(value))
            if name and name not in columns:
                columns[name] = column
        if "action" in columns and len(columns) >= 2:
            return index, columns
    return None


def read_deadline_cell(value, row):
    """Set the row's deadline text and date from a cell: a real date, or UK text."""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        row.deadline_text, row.due_date = f"{value:%d/%m/%Y}", value
        return
    text = _text(value)
    row.deadline_text = text
    if not text or normalise(text) in UNDATED_WORDS:
        return
    row.due_date = read_deadline(text).date
    if row.due_date is None:
        row.errors.append(
            f"The deadline “{text}” is not a date this import can read. Write it like "
            "31/03/2019, March 2019, Q2 2019/20 or “ongoing”."
        )


def read_status_cell(value, row):
    text = _words(value)
    if not text:
        return
    status = STATUS_WORDS.get(text)
    if status is None:
        row.errors.append(
            f"The status “{_text(value)}” is not one this import knows. Use not started, in "
            "progress, at risk or complete (or red, amber, green, blue)."
        )
        return
    row.status = status


def read_plan(name, content):
    """The plan's sheets with their rows (PlanSheet); PlanFileError if none has a header."""
    sheets = []
    total = 0
    for dataset in read_datasets(name, content):
        found = find_header(dataset)
        if found is None:
            continue
        header_index, columns = found
        rows = []
        for index in range(header_index + 1, dataset.height):
            cells = dataset[index]
            if all(_text(cell) == "" for cell in cells):
                continue  # a blank row: nothing to import
            total += 1
            if total > MAX_ROWS:
                raise PlanFileError(
                    f"The plan has more than {MAX_ROWS} rows. Import it a sheet at a time."
                )
            row = PlanRow(sheet=dataset.title or "", row_number=index + 1)

            def cell(name, cells=cells, columns=columns):
                return cells[columns[name]] if name in columns else None

            row.action = _text(cell("action"))
            row.lead = _text(cell("lead"))[:200]
            row.success_measure = _text(cell("success_measure"))
            row.progress = _text(cell("progress"))
            row.ref = _text(cell("ref"))[:50]
            read_deadline_cell(cell("deadline"), row)
            read_status_cell(cell("status"), row)
            if not row.action:
                row.errors.append("The row has no action (the “Action” column is empty).")
            rows.append(row)
        sheets.append(
            PlanSheet(
                title=dataset.title or "",
                header_row=header_index + 1,
                columns={
                    name: _text(dataset[header_index][index]) for name, index in columns.items()
                },
                rows=rows,
            )
        )
    if not sheets:
        raise PlanFileError(
            "No action plan table was found: no row in the first 15 of any sheet names an action "
            "column (“Action”, “What will be done”, …) beside another known column (“Lead”, "
            "“By when”, “Status”, …). Check the header row and upload again."
        )
    return sheets
