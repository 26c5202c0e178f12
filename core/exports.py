"""Exports of filtered lists that are safe to open in a spreadsheet: one CSV writer, one XLSX.

Both defuse formula injection (text starting with = + - @ tab or CR would run as a formula): the
CSV prefixes an apostrophe, the XLSX stores such text as a string cell, never a formula.
"""

import csv
from dataclasses import dataclass
from io import BytesIO

from django.http import HttpResponse, StreamingHttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
LINK_FONT = Font(color="1D70B8", underline="single")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe_cell(value):
    """The value as text, with a leading apostrophe where a spreadsheet would run it as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _attachment(response, filename):
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class _Echo:
    """A file-like object whose write() returns the line, for csv.writer in a generator."""

    def write(self, value):
        return value


def csv_lines(header, rows):
    """The CSV text, line by line: a byte-order mark and the header first, each cell made safe."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(header)
    for row in rows:
        yield writer.writerow([safe_cell(value) for value in row])


def csv_response(filename, header, rows):
    """A streamed attachment `filename`: the header row, then each row's cells made safe.

    UTF-8 with a byte-order mark, so spreadsheet programs read accents and dashes right. The rows
    are written as they are read (StreamingHttpResponse): memory stays flat and the first bytes
    leave at once, however many rows the filter gives; pass rows from a QuerySet.iterator().
    `header` may be Column objects (as for xlsx_response): their headers are used.
    """
    header = [getattr(column, "header", column) for column in header]
    response = StreamingHttpResponse(
        csv_lines(header, rows), content_type="text/csv; charset=utf-8"
    )
    return _attachment(response, filename)


@dataclass(frozen=True)
class Column:
    """One column of an XLSX export: its header, width (in characters), whether its text wraps
    or its values are links (shown as a hyperlink to themselves), and fills for given values."""

    header: str
    width: int = 14
    wrap: bool = False
    link: bool = False
    fills: tuple = ()  # (text, RGB hex) pairs: a cell whose text is one of these is filled

    def fill_for(self, value):
        colour = dict(self.fills).get(value)
        return PatternFill("solid", fgColor=colour) if colour else None


def _columns(header):
    return [column if isinstance(column, Column) else Column(str(column)) for column in header]


def xlsx_response(filename, sheet_title, header, rows):
    """An Excel workbook `filename` of one sheet, ready for a meeting: a bold header row that
    stays in view (frozen) with an autofilter, set column widths, wrapped long text, real date
    cells (dd/mm/yyyy) and links that open. `header` is a list of Column (or plain strings).

    Written in openpyxl's write-only mode (rows are streamed into the file, not held as cells).
    """
    columns = _columns(header)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title)
    sheet.freeze_panes = "A2"
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    bold, top = Font(bold=True), Alignment(vertical="top", wrap_text=True)
    header_cells = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=column.header)
        cell.font, cell.alignment = bold, top
        header_cells.append(cell)
    sheet.append(header_cells)
    wrapped, plain = Alignment(vertical="top", wrap_text=True), Alignment(vertical="top")
    count = 0
    for row in rows:
        count += 1
        cells = []
        for column, value in zip(columns, row, strict=True):
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # never a formula, whatever the text starts with
                if column.link and value.startswith(("http://", "https://")):
                    cell.hyperlink = value
                    cell.font = LINK_FONT
            elif value is not None and hasattr(value, "year"):
                cell.number_format = "dd/mm/yyyy hh:mm" if hasattr(value, "hour") else "dd/mm/yyyy"
            cell.alignment = wrapped if column.wrap else plain
            if column.fills and (fill := column.fill_for(value)):
                cell.fill = fill
            cells.append(cell)
        sheet.append(cells)
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{count + 1}"
    stream = BytesIO()
    workbook.save(stream)
    return _attachment(HttpResponse(stream.getvalue(), content_type=XLSX_CONTENT_TYPE), filename)
