"""Extracting a briefing's text: every supported format, and every way a file can be unusable."""

import pytest

from intake import extract
from intake.extract import IntakeError, extract_bytes, extract_pasted, sha256_of
from tests.intake_files import SMALL_BRIEFING, encrypt_pdf, make_docx, make_pdf


def test_a_text_file_is_kept_whole_with_its_sha256():
    extracted = extract_bytes("family-q.txt", SMALL_BRIEFING.encode())
    assert extracted.text == SMALL_BRIEFING
    assert extracted.sha256 == sha256_of(SMALL_BRIEFING)
    assert extracted.file_name == "family-q.txt"


def test_windows_newlines_and_a_byte_order_mark_are_normalised():
    data = ("\ufeff" + SMALL_BRIEFING.replace("\n", "\r\n")).encode()
    assert extract_bytes("q.md", data).text == SMALL_BRIEFING


def test_utf16_with_a_byte_order_mark_is_read():
    assert extract_bytes("q.txt", SMALL_BRIEFING.encode("utf-16")).text == SMALL_BRIEFING


def test_a_docx_keeps_paragraphs_lists_and_table_rows():
    data = make_docx(
        ["Family Q", "- A bullet point in a list", "After the table"],
        table_rows=[["Measure", ["Do a", "Do b"], "Lead", "ongoing"]],
        table_after=1,
    )
    text = extract_bytes("q.docx", data).text
    assert text.split("\n\n") == [
        "Family Q",
        "- A bullet point in a list",
        "Measure\tDo a • Do b\tLead\tongoing",
        "After the table",
    ]


def test_a_pdf_is_read_page_by_page():
    text = "\n".join(f"Line {n} of a long briefing about neglect." for n in range(1, 101))
    extracted = extract_bytes("long.pdf", make_pdf(text, lines_per_page=40))
    assert "Line 1 of" in extracted.text and "Line 100 of" in extracted.text


def test_a_pdf_with_only_an_owner_password_opens():
    data = encrypt_pdf(make_pdf(SMALL_BRIEFING), user_password="")
    assert "Finding 1:" in extract_bytes("restricted.pdf", data).text


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        (
            "locked.pdf",
            encrypt_pdf(make_pdf(SMALL_BRIEFING), user_password="s3cret"),
            "password-protected",
        ),
        ("scan.pdf", make_pdf(""), "no text to read (a scanned PDF"),
        ("broken.pdf", b"%PDF-1.4\nnot really", "not a readable PDF"),
        ("broken.docx", b"PK\x03\x04 not a real zip", "not a readable Word"),
        ("q.docx", b"plain text in disguise", "not a readable Word"),
        ("locked.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(64), "password-protected"),
        ("q.txt", make_pdf(SMALL_BRIEFING), "binary document (Word or PDF)"),
        ("q.rtf", b"{\\rtf1 hello}", "not a supported file type (.rtf)"),
        ("README", b"hello", "not a supported file type (no extension)"),
        ("q.txt", "Children’s services".encode("cp1252") * 5, "not UTF-8 text (byte 0x92"),
        (
            "q.txt",
            "Children’s services were told".encode().decode("cp1252").encode(),
            "wrongly encoded",
        ),
        ("q.txt", b"\x01\x02\x03\x04\x05" * 50, "binary"),
        ("q.txt", b"", "is empty"),
        ("q.txt", b"too short", "has no text to read"),
    ],
)
def test_unusable_files_raise_a_clear_message(name, data, message):
    with pytest.raises(IntakeError, match=message.replace("(", r"\(").replace(")", r"\)")):
        extract_bytes(name, data)


def test_a_file_over_the_size_limit_is_refused(monkeypatch):
    monkeypatch.setattr(extract, "MAX_FILE_BYTES", 1000)
    with pytest.raises(IntakeError, match="larger than the limit of 1000"):
        extract_bytes("big.txt", b"a" * 1001)


def test_text_over_the_length_limit_is_refused(monkeypatch):
    monkeypatch.setattr(extract, "MAX_TEXT_CHARS", 100)
    with pytest.raises(IntakeError, match="the limit is 100"):
        extract_pasted("word " * 50)


def test_an_upload_over_the_limit_is_refused_before_it_is_read(monkeypatch):
    from django.core.files.uploadedfile import SimpleUploadedFile

    monkeypatch.setattr(extract, "MAX_FILE_BYTES", 10)
    with pytest.raises(IntakeError, match="the limit is 10"):
        extract.extract_upload(SimpleUploadedFile("q.txt", b"x" * 11))


def test_a_docx_that_unpacks_to_too_much_is_refused(monkeypatch):
    monkeypatch.setattr(extract, "MAX_DOCX_UNPACKED_BYTES", 1000)
    with pytest.raises(IntakeError, match="unpacks to .* more than a briefing needs"):
        extract_bytes("bomb.docx", make_docx(["word " * 1000]))
