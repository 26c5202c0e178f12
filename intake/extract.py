"""Turn an uploaded file (.txt, .md, .docx, .pdf) or pasted text into the briefing's whole text.

Every way a file can be unusable raises `IntakeError` with a message an admin can act on; nothing
is written anywhere here. The text is kept as extracted (newlines normalised, a byte-order mark
dropped) so its SHA-256 identifies the briefing for ever.
"""

import hashlib
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.template.defaultfilters import filesizeformat

from .pdftables import with_layout_tables

# Limits, overridable in settings. A long thematic briefing is about 60,000 characters and a
# 100-page overview report about 250,000. The text limit keeps the preview's round-tripped form
# (the text, and the findings' text again) under Django's DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB).
MAX_FILE_BYTES = getattr(settings, "INTAKE_MAX_FILE_BYTES", 10 * 1024 * 1024)
MAX_TEXT_CHARS = getattr(settings, "INTAKE_MAX_TEXT_CHARS", 300_000)
MAX_PDF_PAGES = getattr(settings, "INTAKE_MAX_PDF_PAGES", 300)
MAX_DOCX_UNPACKED_BYTES = getattr(settings, "INTAKE_MAX_DOCX_UNPACKED_BYTES", 100 * 1024 * 1024)
MIN_TEXT_CHARS = 20

SUPPORTED_SUFFIXES = (".txt", ".md", ".docx", ".pdf")
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .doc files and encrypted Office files
# What UTF-8 curly quotes and dashes look like when read as Windows-1252: text saved twice over.
MOJIBAKE = re.compile("â€[™œ\x9d˜“”¦]|Ã[©¨¢¼¶§]")


class IntakeError(ValueError):
    """The input cannot be used as a briefing; the message says why and what to do."""


@dataclass(frozen=True)
class Extracted:
    text: str
    file_name: str
    sha256: str


def sha256_of(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def extract_upload(upload) -> Extracted:
    """Extract from a Django UploadedFile (or any object with .name, .size and .read())."""
    name = PurePath(upload.name or "").name
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_FILE_BYTES:
        raise IntakeError(
            f"“{name}” is {filesizeformat(size)}; the limit is {filesizeformat(MAX_FILE_BYTES)}. "
            "Upload the briefing itself, not a whole report pack, or paste its text."
        )
    data = upload.read(MAX_FILE_BYTES + 1)
    return extract_bytes(name, data)


def extract_bytes(name: str, data: bytes) -> Extracted:
    """Extract the text of a file given its name (for the type) and its bytes."""
    suffix = PurePath(name).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        shown = suffix or "no extension"
        raise IntakeError(
            f"“{name}” is not a supported file type ({shown}). Upload a .txt, .md, .docx or "
            ".pdf file, or paste the text."
        )
    if len(data) > MAX_FILE_BYTES:
        raise IntakeError(
            f"“{name}” is larger than the limit of {filesizeformat(MAX_FILE_BYTES)}. "
            "Upload the briefing itself, not a whole report pack, or paste its text."
        )
    if not data:
        raise IntakeError(f"“{name}” is empty.")
    if suffix in (".txt", ".md"):
        text = _decode_text(name, data)
    elif suffix == ".docx":
        text = _docx_text(name, data)
    else:
        text = _pdf_text(name, data)
    return _extracted(clean_text(text, source=f"“{name}”"), file_name=name)


def extract_pasted(text: str) -> Extracted:
    """Check pasted text the same way as a file's."""
    return _extracted(clean_text(text, source="The pasted text"), file_name="")


def _extracted(text: str, *, file_name: str) -> Extracted:
    return Extracted(text=text, file_name=file_name, sha256=sha256_of(text))


def clean_text(text: str, *, source: str) -> str:
    """Normalise newlines and refuse text that is empty, huge, binary or wrongly encoded."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.startswith("\ufeff"):
        text = text[1:]
    if len(text) > MAX_TEXT_CHARS:
        raise IntakeError(
            f"{source} has {len(text):,} characters; the limit is {MAX_TEXT_CHARS:,}. "
            "Split the document or add only the briefing's own pages."
        )
    if len(text.strip()) < MIN_TEXT_CHARS:
        raise IntakeError(
            f"{source} has no text to read"
            + (
                " (a scanned PDF holds pictures of pages, not text: run it through OCR first)."
                if "pdf" in source.lower()
                else "."
            )
        )
    if "\x00" in text or _control_ratio(text) > 0.01:
        raise IntakeError(f"{source} looks like a binary file, not text.")
    match = MOJIBAKE.search(text)
    if match:
        raise IntakeError(
            f"{source} looks wrongly encoded: it contains “{match.group()}”, which is how a curly "
            "quote or dash looks when UTF-8 text was read with another encoding. Open the "
            "original, save it as UTF-8 and try again."
        )
    return text


def _control_ratio(text: str) -> float:
    controls = sum(1 for char in text if ord(char) < 32 and char not in "\n\t\f")
    return controls / max(len(text), 1)


def _decode_text(name: str, data: bytes) -> str:
    if data.startswith(OLE_MAGIC) or data.startswith(b"PK\x03\x04") or data.startswith(b"%PDF"):
        raise IntakeError(
            f"“{name}” is a binary document (Word or PDF) with a text file's name. Upload it with "
            "its real extension."
        )
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise IntakeError(f"“{name}” looks like a binary file, not text.")
    encoding = "utf-16" if data.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8-sig"
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise IntakeError(
            f"“{name}” is not UTF-8 text (byte {data[error.start]:#04x} at position "
            f"{error.start:,} cannot be read). Save it as UTF-8 (in Word: Save As, Plain Text, "
            "Unicode (UTF-8)) or paste the text instead."
        ) from error


def _docx_text(name: str, data: bytes) -> str:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    if data.startswith(OLE_MAGIC):
        raise IntakeError(
            f"“{name}” is password-protected or an old-format Word file. Remove the password "
            "(or save it as .docx) and try again."
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except zipfile.BadZipFile as error:
        raise IntakeError(f"“{name}” is not a readable Word (.docx) document.") from error
    if unpacked > MAX_DOCX_UNPACKED_BYTES:
        raise IntakeError(
            f"“{name}” unpacks to {filesizeformat(unpacked)}, more than a briefing needs (the "
            f"limit is {filesizeformat(MAX_DOCX_UNPACKED_BYTES)}). Save it again without "
            "embedded media, or paste its text."
        )
    try:
        document = docx.Document(io.BytesIO(data))
        # Reading the XML is lazy: a part whose XML is corrupt fails while the blocks are read.
        return "\n\n".join(_docx_blocks(document))
    except (
        PackageNotFoundError,
        zipfile.BadZipFile,
        KeyError,
        ValueError,
        SyntaxError,  # lxml's XMLSyntaxError: the document's XML is corrupt
        AttributeError,
        TypeError,
    ) as error:
        raise IntakeError(
            f"“{name}” is not a readable Word (.docx) document: its contents are damaged. Open "
            "it in Word and save it again, or paste its text."
        ) from error


def _docx_blocks(document):
    """Paragraphs and tables in document order, written so the intake's document model
    (intake/document.py) reads them as the same blocks as a Markdown file: a Word heading
    (Title, Heading 1–6) becomes “#” marks, a List Number paragraph “1.”, any other list style
    “- ”, a paragraph set wholly in bold “**…**”, and a table row tab-separated cells.

    A cell holding several paragraphs (one action or one lead per paragraph) keeps them apart
    with “ • ”, the separator the parser splits table cells on.
    """
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            text = " ".join(block.text.split())
            if text:
                yield _docx_paragraph(block, text)
        elif isinstance(block, Table):
            rows = []
            for row in block.rows:
                cells = []
                for cell in row.cells:
                    parts = [" ".join(p.text.split()) for p in cell.paragraphs if p.text.strip()]
                    cells.append(" • ".join(parts))
                rows.append("\t".join(cells))
            yield "\n".join(rows)


def _docx_paragraph(block, text: str) -> str:
    style = (block.style.name or "").lower() if block.style is not None else ""
    level = re.fullmatch(r"heading ([1-6])", style)
    if style == "title":
        return f"# {text}"
    if level:
        return f"{'#' * int(level.group(1))} {text}"
    if "list number" in style:
        return f"1. {text}"
    if "list" in style:
        return f"- {text}"
    runs = [run for run in block.runs if run.text.strip()]
    if runs and len(text) <= 120 and all(run.bold for run in runs):
        return f"**{text}**"
    return text


def _pdf_text(name: str, data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError, PdfReadError, PyPdfError

    if not data.startswith(b"%PDF"):
        raise IntakeError(f"“{name}” is not a PDF file (it does not start with %PDF).")
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            # An owner password alone (printing/copying restrictions) opens with an empty
            # user password; a real password does not.
            try:
                opened = reader.decrypt("")
            except (FileNotDecryptedError, PyPdfError, NotImplementedError):
                opened = 0
            if not opened:
                raise IntakeError(
                    f"“{name}” is password-protected. Ask the board for an unprotected copy, "
                    "or paste the text."
                )
        if len(reader.pages) > MAX_PDF_PAGES:
            raise IntakeError(
                f"“{name}” has {len(reader.pages)} pages; the limit is {MAX_PDF_PAGES}. Upload "
                "the briefing itself rather than a whole report."
            )
        pages = _pdf_pages(name, reader)
    except IntakeError:
        raise
    except (PdfReadError, PyPdfError, ValueError, KeyError, TypeError) as error:
        raise IntakeError(f"“{name}” is not a readable PDF ({error}).") from error
    return "\n\n".join(page.strip("\n") for page in pages)


def _pdf_pages(name: str, reader) -> list[str]:
    """Each page's text, stopping as soon as the text passes the limit: a small file can repeat
    one heavy page hundreds of times, and extracting them all would hold a worker for seconds."""
    pages, total = [], 0
    for page in reader.pages:
        text = page.extract_text() or ""
        if re.search(r"\baction", text, re.I) and len(text) < MAX_TEXT_CHARS:
            text = with_layout_tables(text, page.extract_text(extraction_mode="layout") or "")
        total += len(text) + 2
        if total > MAX_TEXT_CHARS:
            raise IntakeError(
                f"“{name}” has more than {MAX_TEXT_CHARS:,} characters of text (the limit). "
                "Split the document or add only the briefing's own pages."
            )
        pages.append(text)
    return pages
