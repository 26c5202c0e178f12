"""Exports of filtered lists that are safe to open in a spreadsheet: one CSV writer, one XLSX.

Both defuse formula injection (text starting with = + - @ tab or CR would run as a formula): the
CSV prefixes an apostrophe, the XLSX stores such text as a string cell, never a formula.
"""

import csv
from io import BytesIO

from django.http import HttpResponse, StreamingHttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
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
    """
    response = StreamingHttpResponse(
        csv_lines(header, rows), content_type="text/csv; charset=utf-8"
    )
    return _attachment(response, filename)


def xlsx_response(filename, sheet_title, header, rows):
    """An Excel workbook `filename` of one sheet: the header, then the rows with real dates."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title)
    sheet.append(header)
    for row in rows:
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # never a formula, whatever the text starts with
            elif value is not None and hasattr(value, "year"):
                cell.number_format = "yyyy-mm-dd hh:mm" if hasattr(value, "hour") else "yyyy-mm-dd"
            cells.append(cell)
        sheet.append(cells)
    stream = BytesIO()
    workbook.save(stream)
    return _attachment(HttpResponse(stream.getvalue(), content_type=XLSX_CONTENT_TYPE), filename)
