"""The demo accounts include Wiltshire's board manager and quality-assurance member."""

from io import StringIO

from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import RequestFactory

from actions.models import Membership


def test_demo_accounts_include_a_manager_and_a_qa_member(settings, tmp_path, monkeypatch, board):
    from actions.management.commands import create_demo_accounts

    monkeypatch.setattr(create_demo_accounts, "PASSWORD_FILE", tmp_path / "pw.txt")
    settings.DEBUG = True
    out = StringIO()
    call_command("create_demo_accounts", stdout=out)
    call_command("create_demo_accounts", stdout=StringIO())  # idempotent
    roles = dict(Membership.objects.filter(board=board).values_list("user__username", "role"))
    assert roles == {"demo-manager": "manager", "demo-qa": "qa"}
    password = (tmp_path / "pw.txt").read_text().strip()
    request = RequestFactory().post("/accounts/login/")
    assert authenticate(request, username="demo-qa", password=password) is not None
    assert "demo-qa" in out.getvalue() and "demo-manager" in out.getvalue()
