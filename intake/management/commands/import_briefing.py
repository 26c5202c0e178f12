"""Import one briefing, or a folder of them, as draft reviews: the intake from the shell.

    manage.py import_briefing PATH --board SLUG [--publisher SLUG] [--dry-run]

PATH is a .txt, .md, .docx or .pdf file, or a folder (its supported files, in name order).
Each file is read, parsed and saved as a draft in its own transaction, themes left for an admin
to confirm; a file that cannot be used is reported and skipped, and nothing of it is saved.
--dry-run reads and parses but saves nothing. Progress is printed per file. The exit status is
non-zero if any file failed.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from intake.extract import SUPPORTED_SUFFIXES, IntakeError, extract_bytes
from intake.parser import parse
from intake.services import duplicate_message, existing_briefing, save_draft
from reviews.models import Board, Review


class Command(BaseCommand):
    help = "Read briefing files (.txt, .md, .docx, .pdf) and save each as a draft review."

    def add_arguments(self, parser):
        parser.add_argument("path", help="A briefing file or a folder of them.")
        parser.add_argument("--board", required=True, help="Slug of the board whose review it is.")
        parser.add_argument(
            "--publisher", help="Slug of the body that published it (default: the board)."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Read and parse only; save nothing."
        )

    def handle(self, *args, path, board, publisher, dry_run, **options):
        board_obj = self._board(board)
        publisher_obj = self._board(publisher) if publisher else board_obj
        files = self._files(Path(path))
        failed = 0
        for number, file in enumerate(files, start=1):
            prefix = f"[{number}/{len(files)}] {file.name}:"
            try:
                message = self._import(file, board_obj, publisher_obj, dry_run=dry_run)
            except IntakeError as error:
                failed += 1
                self.stderr.write(self.style.ERROR(f"{prefix} {error}"))
            else:
                self.stdout.write(f"{prefix} {message}")
        done = len(files) - failed
        outcome = "read (dry run, nothing saved)" if dry_run else "imported as drafts"
        summary = f"{done} of {len(files)} file(s) {outcome}" + (
            f", {failed} failed." if failed else "."
        )
        if failed:
            raise CommandError(summary)
        self.stdout.write(self.style.SUCCESS(summary))

    def _board(self, slug):
        try:
            return Board.objects.get(slug=slug)
        except Board.DoesNotExist:
            known = ", ".join(Board.objects.values_list("slug", flat=True)) or "none yet"
            raise CommandError(f"No board with the slug “{slug}”. Known boards: {known}.") from None

    def _files(self, path: Path):
        if path.is_dir():
            files = sorted(
                p for p in path.iterdir() if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES
            )
            if not files:
                raise CommandError(
                    f"{path} holds no .txt, .md, .docx or .pdf files. Nothing was imported."
                )
            return files
        if not path.exists():
            raise CommandError(f"{path} does not exist.")
        return [path]

    def _import(self, file: Path, board, publisher, *, dry_run):
        extracted = extract_bytes(file.name, file.read_bytes())
        if duplicate := existing_briefing(extracted.sha256):
            raise IntakeError(duplicate_message(duplicate))
        proposal = parse(extracted.text)
        counts = (
            f"{len(proposal.findings)} findings, {proposal.recommendation_count} recommendations, "
            f"{proposal.action_count} actions, {proposal.question_count} reflective questions"
        )
        others = " and ".join(f"“{part.review_name}”" for part in proposal.parts)
        if dry_run:
            kind = Review.Kind(proposal.kind).label.lower()
            return (
                f"would save “{proposal.review_name}” ({kind}, {proposal.year or 'no year'}): "
                f"{counts}{others and f'; also {others} as drafts of their own'}."
            )
        review = save_draft(
            proposal=proposal,
            board=board,
            publisher=publisher,
            briefing_title=proposal.title,
            text=extracted.text,
            file_name=extracted.file_name,
            other_parts=proposal.parts,
        )
        also = f"; also {others} as drafts of their own" if others else ""
        return f"saved draft “{review.name}” (id {review.pk}): {counts}{also}."
