"""Self-check for the intake corpus: every expected string must occur in its document.

    python tests/intake/corpus/check_expected.py          (exit 0 when everything is found)

Each document's text is extracted independently of the project's own intake code: .txt and .md
are read as UTF-8; .docx through python-docx (every paragraph, then every table cell); .pdf
through pypdf. Both the document and each expected string are normalised the same way before
the substring test: markdown emphasis and code markup removed (**, __, `), curly quotes made
straight, whitespace collapsed. Every other character is compared exactly, case included, except
for a review's name, board and abbreviation and a finding's title, which are compared ignoring case
(expected.json gives "Lowbridge and Ashcombe Safeguarding Partnership" where the document prints
it in capitals).

It also checks the shape of expected.json (keys, kind codes, years) and that expected.json and
the dev/ and holdout/ folders list the same files, then prints the counts per part.
"""

import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
PARTS = ("dev", "holdout", "holdout2")
SUFFIXES = (".txt", ".md", ".docx", ".pdf")
KINDS = {
    "scr",
    "lcspr",
    "imr",
    "partnership",
    "rapid",
    "thematic",
    "national",
    "cpr",
    "sar",
    "dhr",
}
REVIEW_KEYS = {
    "name",
    "board",
    "board_abbreviation",
    "kind",
    "year",
    "findings",
    "recommendations",
    "actions",
    "questions",
}
ACTION_KEYS = {"description", "lead", "deadline", "success_measure"}
QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "“": '"', "”": '"', "„": '"'})


def extract(path: Path) -> str:
    """The document's whole text, as a reader of the file would get it."""
    suffix = path.suffix.lower()
    if suffix in (".txt", ".md"):
        return path.read_text(encoding="utf-8-sig")
    if suffix == ".docx":
        import docx

        document = docx.Document(str(path))
        parts = [paragraph.text for paragraph in document.paragraphs]
        for table in document.tables:
            for row in table.rows:
                for cell in row.cells:
                    parts.append(cell.text)
        return "\n".join(parts)
    if suffix == ".pdf":
        from pypdf import PdfReader

        return "\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)
    raise ValueError(f"unsupported file type: {path}")


def normalise(text: str) -> str:
    text = text.translate(QUOTES)
    text = text.replace("**", "").replace("__", "").replace("`", "")
    return re.sub(r"\s+", " ", text).strip()


EXACT, CASELESS = False, True


def strings_of(review):
    """(label, text, caseless) for every string that must be found in the document."""
    yield "name", review["name"], CASELESS
    yield "board", review["board"], CASELESS
    if review["board_abbreviation"]:
        yield "board_abbreviation", review["board_abbreviation"], CASELESS
    for index, finding in enumerate(review["findings"], start=1):
        if finding["title"]:
            yield f"finding {index} title", finding["title"], CASELESS
        yield f"finding {index} text", finding["text"], EXACT
    for index, text in enumerate(review["recommendations"], start=1):
        yield f"recommendation {index}", text, EXACT
    for index, action in enumerate(review["actions"], start=1):
        for key in ("description", "lead", "deadline", "success_measure"):
            if action[key]:
                yield f"action {index} {key}", action[key], EXACT
    for index, text in enumerate(review["questions"], start=1):
        yield f"question {index}", text, EXACT


def shape_errors(key, value):
    errors = []
    if set(value) != {"reviews"} or not value["reviews"]:
        return [f"{key}: value must be {{'reviews': [...]}} with at least one review"]
    for number, review in enumerate(value["reviews"], start=1):
        where = f"{key} review {number}"
        if set(review) != REVIEW_KEYS:
            errors.append(f"{where}: keys {sorted(review)} != {sorted(REVIEW_KEYS)}")
            continue
        if review["kind"] not in KINDS:
            errors.append(f"{where}: unknown kind {review['kind']!r}")
        if review["year"] is not None and not (
            isinstance(review["year"], int) and 1990 <= review["year"] <= 2030
        ):
            errors.append(f"{where}: year must be an int or null")
        for finding in review["findings"]:
            if set(finding) != {"title", "text"} or not finding["text"].strip():
                errors.append(f"{where}: bad finding {finding!r}")
        for action in review["actions"]:
            if set(action) != ACTION_KEYS or not action["description"].strip():
                errors.append(f"{where}: bad action {action!r}")
        for text in review["recommendations"] + review["questions"]:
            if not isinstance(text, str) or not text.strip():
                errors.append(f"{where}: empty recommendation or question")
    return errors


def main() -> int:
    expected = json.loads((HERE / "expected.json").read_text(encoding="utf-8"))
    files = {
        str(path.relative_to(HERE))
        for part in PARTS
        for path in (HERE / part).iterdir()
        if path.suffix.lower() in SUFFIXES
    }
    errors = []
    for missing in sorted(files - set(expected)):
        errors.append(f"{missing}: no entry in expected.json")
    for extra in sorted(set(expected) - files):
        errors.append(f"{extra}: in expected.json but no such file")

    counts = {
        part: dict.fromkeys(
            ("documents", "reviews", "findings", "recommendations", "actions", "questions"), 0
        )
        for part in PARTS
    }
    checked = 0
    for key in sorted(set(expected) & files):
        value = expected[key]
        problems = shape_errors(key, value)
        if problems:
            errors.extend(problems)
            continue
        document = normalise(extract(HERE / key))
        part = counts[key.split("/", 1)[0]]
        part["documents"] += 1
        for review in value["reviews"]:
            part["reviews"] += 1
            for field in ("findings", "recommendations", "actions", "questions"):
                part[field] += len(review[field])
            for label, text, caseless in strings_of(review):
                checked += 1
                found = (
                    normalise(text).casefold() in document.casefold()
                    if caseless
                    else normalise(text) in document
                )
                if not found:
                    errors.append(f"{key} [{review['name']}] {label} not found: {text[:90]!r}")

    for part, numbers in counts.items():
        print(f"{part}: " + ", ".join(f"{number} {name}" for name, number in numbers.items()))
    if errors:
        print(f"FAILED: {len(errors)} problem(s) in {checked} strings checked")
        for error in errors:
            print("  " + error)
        return 1
    print(f"OK: all {checked} expected strings found in their documents")
    return 0


if __name__ == "__main__":
    sys.exit(main())
