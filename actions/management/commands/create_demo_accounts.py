"""Create local demo accounts (debug only) and print their password.

demo-admin: a superuser. demo-lead: holds Wiltshire's "WSCB QA Lead" actions.
demo-manager: manages Wiltshire's board (update requests, escalation, historic plans).
demo-qa: Wiltshire's quality-assurance role (assures complete actions, sees the escalation list).
The password is generated once per checkout and kept in var/demo-password.txt.
"""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from actions.models import Lead, Membership
from reviews.models import Board

PASSWORD_FILE = settings.VAR_DIR / "demo-password.txt"
WILTSHIRE_SLUG = "wiltshire-safeguarding-children-board"
DEMO_LEAD_NAME = "WSCB QA Lead"


def demo_password():
    if PASSWORD_FILE.exists():
        return PASSWORD_FILE.read_text(encoding="utf-8").strip()
    PASSWORD_FILE.parent.mkdir(parents=True, exist_ok=True)
    password = secrets.token_urlsafe(12)
    PASSWORD_FILE.write_text(password + "\n", encoding="utf-8")
    PASSWORD_FILE.chmod(0o600)
    return password


class Command(BaseCommand):
    help = (
        "Create demo-admin, demo-lead, demo-manager and demo-qa for local development "
        "(refused when DEBUG is off)."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Demo accounts are only created when DJANGO_DEBUG is on.")
        password = demo_password()
        User = get_user_model()
        with transaction.atomic():
            admin, _ = User.objects.get_or_create(
                username="demo-admin",
                defaults={"is_staff": True, "is_superuser": True, "email": "demo-admin@localhost"},
            )
            lead_user, _ = User.objects.get_or_create(
                username="demo-lead", defaults={"email": "demo-lead@localhost"}
            )
            manager, _ = User.objects.get_or_create(
                username="demo-manager", defaults={"email": "demo-manager@localhost"}
            )
            qa_user, _ = User.objects.get_or_create(
                username="demo-qa", defaults={"email": "demo-qa@localhost"}
            )
            for user in (admin, lead_user, manager, qa_user):
                if not user.check_password(password):
                    user.set_password(password)
                    user.save(update_fields=["password"])
            board = Board.objects.filter(slug=WILTSHIRE_SLUG).first()
            if board is None:
                self.stdout.write(self.style.WARNING("Wiltshire's board is not loaded yet."))
            else:
                lead, _ = Lead.objects.get_or_create(board=board, name=DEMO_LEAD_NAME)
                lead.holders.add(lead_user)
                for user, role in (
                    (manager, Membership.Role.BOARD_MANAGER),
                    (qa_user, Membership.Role.QUALITY_ASSURANCE),
                ):
                    Membership.objects.update_or_create(
                        user=user, board=board, defaults={"role": role}
                    )
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS("Local demo accounts (this machine only):"))
        self.stdout.write(f"  demo-admin  / {password}   (administrator: /admin/)")
        self.stdout.write(f"  demo-lead   / {password}   (holds Wiltshire's “{DEMO_LEAD_NAME}”)")
        self.stdout.write(f"  demo-manager / {password}  (manages Wiltshire's board)")
        self.stdout.write(f"  demo-qa     / {password}   (Wiltshire's quality assurance)")
        self.stdout.write("")
