# ruff: noqa: F811  (fixtures imported from tests.intake_files are used as arguments)
"""Bad files and tampered forms get a clear message, never a 500 (issue #11)."""

import io
import time
import zipfile
import zlib

import pytest

from actions.models import Action
from findings.models import Finding
from intake.extract import IntakeError, extract_bytes
from reviews.models import Review
from tests.intake.test_views import PREVIEW, preview_data, upload
from tests.intake_files import SMALL_BRIEFING, make_docx, wessex_board  # noqa: F401


def heavy_pdf(pages=300, operations=4000) -> bytes:
    """A small PDF whose page tree lists one page object `pages` times; the page's compressed
    content stream draws text `operations` times (a few kB that expand to a lot of text)."""
    content = zlib.compress(
        b"BT /F1 10 Tf 20 800 Td "
        + b"(Safeguarding text repeated on one heavy page.) Tj 0 -1 Td " * operations
        + b"ET"
    )
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + b"3 0 R " * pages + b"] /Count %d >>" % pages,
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content)
        + content
        + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def test_a_small_pdf_repeating_one_heavy_page_stops_at_the_text_limit():
    data = heavy_pdf()
    assert len(data) < 4000
    started = time.perf_counter()
    with pytest.raises(IntakeError, match="more than 300,000 characters"):
        extract_bytes("heavy.pdf", data)
    assert time.perf_counter() - started < 10  # it stops early instead of reading 300 pages


def corrupt_docx() -> bytes:
    """A real .docx whose document.xml is cut in half (the zip itself is fine)."""
    good = make_docx(["Family Q", "Finding 1: a finding."])
    source = zipfile.ZipFile(io.BytesIO(good))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                data = data[: len(data) // 2]
            target.writestr(item, data)
    return out.getvalue()


def test_a_docx_with_corrupt_xml_is_a_clear_error():
    with pytest.raises(IntakeError, match="not a readable Word"):
        extract_bytes("corrupt.docx", corrupt_docx())


def test_uploading_a_docx_with_corrupt_xml_explains_and_saves_nothing(admin_client, wessex_board):
    response = upload(admin_client, text=corrupt_docx(), name="corrupt.docx", board=wessex_board.pk)
    assert response.status_code == 200
    assert "not a readable Word" in response.content.decode()
    assert not Review.objects.exists()


@pytest.mark.parametrize("value", ["99999999999", "-5", "0"])
def test_a_tampered_line_reference_is_dropped_not_a_500(admin_client, wessex_board, value):
    data = preview_data(upload(admin_client))
    data["findings-0-line_start"] = value
    data["findings-0-line_end"] = value
    data["_save"] = "Save as a draft"
    response = admin_client.post(PREVIEW, data)
    assert response.status_code == 302
    finding = Finding.objects.order_by("order").first()
    assert finding.source_line_start is None and finding.source_line_end is None


@pytest.mark.parametrize("value", ["abc", "-1", "99999999999", ""])
def test_a_tampered_form_count_is_explained_not_a_500(admin_client, wessex_board, value):
    data = preview_data(upload(admin_client))
    data["findings-TOTAL_FORMS"] = value
    data["_save"] = "Save as a draft"
    response = admin_client.post(PREVIEW, data)
    assert response.status_code == 200
    assert not Review.objects.exists() and not Action.objects.exists()


def test_the_small_briefing_still_reads(wessex_board):
    assert "Finding 1" in extract_bytes("q.txt", SMALL_BRIEFING.encode()).text
