"""Real briefing files made on the fly for the intake tests: .docx with python-docx, .pdf by hand.

The PDF writer below emits a minimal valid PDF 1.4 (catalog, pages, Helvetica, one content stream
per page, a correct cross-reference table): enough for pypdf to extract its text, with no extra
dependency. `encrypt_pdf` uses pypdf itself to add a password.
"""

import io


def _pdf_string(text: str) -> str:
    return "(" + text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"


def make_pdf(text: str, *, lines_per_page: int = 48) -> bytes:
    """A PDF whose pages show `text` line by line (characters of Windows-1252, the PDF WinAnsiEncoding)."""
    lines = text.split("\n")
    pages = [lines[i : i + lines_per_page] for i in range(0, len(lines), lines_per_page)] or [[]]
    objects = {}
    page_ids = []
    font_id = 3
    objects[font_id] = (
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    )
    next_id = 4
    for page_lines in pages:
        shown = " ".join(f"{_pdf_string(line)} '" for line in page_lines)
        stream = f"BT /F1 10 Tf 14 TL 40 800 Td {shown} ET".encode("cp1252")
        content_id, page_id = next_id, next_id + 1
        next_id += 2
        objects[content_id] = (
            f"<< /Length {len(stream)} >>\nstream\n".encode("latin-1") + stream + b"\nendstream"
        )
        objects[page_id] = (
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            f"/Resources << /Font << /F1 {font_id} 0 R >> >> /Contents {content_id} 0 R >>"
        )
        page_ids.append(page_id)
    objects[1] = "<< /Type /Catalog /Pages 2 0 R >>"
    kids = " ".join(f"{pid} 0 R" for pid in page_ids)
    objects[2] = f"<< /Type /Pages /Kids [{kids}] /Count {len(page_ids)} >>"
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = out.tell()
        body = objects[number]
        body = body if isinstance(body, bytes) else body.encode("latin-1")
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    size = max(objects) + 1
    out.write(f"xref\n0 {size}\n0000000000 65535 f \n".encode())
    for number in range(1, size):
        out.write(f"{offsets[number]:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {size} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def encrypt_pdf(data: bytes, *, user_password: str, owner_password: str = "owner") -> bytes:
    """The same PDF protected with a password (an empty user password: restrictions only)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=user_password, owner_password=owner_password, algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def make_docx(paragraphs, *, table_rows=None, table_after: int | None = None) -> bytes:
    """A Word document: paragraphs (strings; "- " makes a bulleted list item, "# "/"## " a Word
    heading) and an optional table (rows of cells; a cell given as a list becomes one paragraph
    per item)."""
    import docx

    document = docx.Document()
    for index, paragraph in enumerate(paragraphs):
        if paragraph.startswith("- "):
            document.add_paragraph(paragraph[2:], style="List Bullet")
        elif paragraph.startswith("#"):
            marks, _, heading = paragraph.partition(" ")
            document.add_heading(heading, level=len(marks))
        else:
            document.add_paragraph(paragraph)
        if table_rows and table_after == index:
            table = document.add_table(rows=0, cols=len(table_rows[0]))
            for row in table_rows:
                cells = table.add_row().cells
                for cell, value in zip(cells, row, strict=True):
                    items = value if isinstance(value, list) else [value]
                    cell.text = items[0]
                    for item in items[1:]:
                        cell.add_paragraph(item)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# --- fixtures shared by the intake and admin tests (imported by name into those modules) -----

import pytest  # noqa: E402

SMALL_BRIEFING = """Family Q

This review focused on two children: Child 1 aged 3 and Child 2 aged 7. The Wessex Board
commissioned it in 2019.

Finding 1: Professionals did not recognise the chronic neglect of the children, and the escalation of concerns between agencies did not happen.

How will we know we are making a difference?\tWhat are we going to do?\tWho will lead\tBy when
Practitioners will use the neglect toolkit\t<ul> • Launch the neglect toolkit • Audit its use </ul>\t<p>WXB Neglect Lead</p> <p>WXB QA Lead</p>\t<p>March 2020</p>

Finding 2: Practitioners were not confident to challenge each other, so professional challenge rarely happened.

WXB will run courageous conversations workshops by summer 2020.

Reflective Questions

How do you challenge a colleague from another agency?
"""


@pytest.fixture
def wessex_board(db):
    """The board of the small test briefing (its area, Wessex, is named in the text)."""
    from reviews.models import Board

    return Board.objects.create(
        name="Wessex Safeguarding Children Partnership",
        slug="wessex-safeguarding-children-partnership",
        abbreviation="WXB",
        area="Wessex",
    )


@pytest.fixture
def keyword_themes(db):
    """Two themes with keywords: neglect (a risk) and professional challenge (a practice)."""
    from themes.models import Theme

    return [
        Theme.objects.create(
            name="Neglect", slug="neglect", facet="risk", keywords="neglect\nneglectful\nneglected"
        ),
        Theme.objects.create(
            name="Professional challenge and escalation",
            slug="professional-challenge",
            facet="practice",
            keywords="professional challenge\nescalation\nchallenge",
        ),
    ]
