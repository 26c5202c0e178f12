"""The systemd units in deploy/systemd/ run the right command, and that command runs."""

import shlex
import shutil
import subprocess
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command

UNITS = Path(settings.BASE_DIR) / "deploy" / "systemd"


def unit(name):
    """A unit file as {section: {key: [values]}} (systemd allows a key more than once)."""
    sections, current = {}, None
    for raw in (UNITS / name).read_text().splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("["):
            current = sections.setdefault(line.strip("[]"), {})
            continue
        key, _, value = line.partition("=")
        current.setdefault(key.strip(), []).append(value.strip())
    return sections


def reminder_command():
    """The arguments ExecStart gives manage.py."""
    [exec_start] = unit("crl-reminders.service")["Service"]["ExecStart"]
    words = shlex.split(exec_start)
    assert words[0].endswith("/python")
    assert words[1] == "manage.py"
    return words[2:]


def test_the_reminder_service_runs_send_deadline_reminders_for_14_days_once():
    service = unit("crl-reminders.service")["Service"]
    assert reminder_command() == ["send_deadline_reminders", "--days", "14"]
    assert service["Type"] == ["oneshot"]
    # manage.py is found relative to the working directory, beside the venv it runs with.
    [working_directory] = service["WorkingDirectory"]
    assert service["ExecStart"][0].startswith(f"{working_directory}/.venv/bin/python ")
    assert service["EnvironmentFile"] == ["/etc/crl/production.env"]
    assert service["User"] != ["root"]


def test_the_timer_starts_the_reminder_service_daily_and_catches_up():
    timer = unit("crl-reminders.timer")
    assert timer["Timer"]["Unit"] == ["crl-reminders.service"]
    assert timer["Timer"]["Persistent"] == ["true"]
    assert timer["Install"]["WantedBy"] == ["timers.target"]
    [calendar] = timer["Timer"]["OnCalendar"]
    assert calendar.startswith("*-*-* ")  # every day
    if shutil.which("systemd-analyze"):
        checked = subprocess.run(
            ["systemd-analyze", "calendar", calendar], capture_output=True, text=True, check=False
        )
        assert checked.returncode == 0, checked.stderr


def test_the_web_service_serves_the_wsgi_application_with_gunicorn():
    [exec_start] = unit("crl-web.service")["Service"]["ExecStart"]
    words = shlex.split(exec_start)
    assert words[0].endswith("/.venv/bin/gunicorn")
    assert words[1] == settings.WSGI_APPLICATION.rsplit(".", 1)[0]
    assert "--access-logfile" not in words  # it would log query strings (config/requestlog.py)


@pytest.mark.django_db
def test_the_command_the_service_runs_sends_the_reminders(lead_user, make_action):
    """What ExecStart runs, run here: it parses and e-mails the lead about a due action."""
    from datetime import timedelta

    from django.utils import timezone

    make_action(due_date=timezone.localdate() + timedelta(days=3))
    out = StringIO()
    call_command(*reminder_command(), stdout=out)
    assert [message.to for message in mail.outbox] == [[lead_user.email]]
    assert f"Emailed {lead_user.email}" in out.getvalue()


def test_the_digest_timer_runs_send_learning_digest_daily():
    """The learning digest's units: a daily timer (each subscriber is due weekly) starting a
    service that runs `send_learning_digest`, with the app servers' environment."""
    [exec_start] = unit("crl-digest.service")["Service"]["ExecStart"]
    assert shlex.split(exec_start)[1:] == ["manage.py", "send_learning_digest"]
    assert unit("crl-digest.service")["Service"]["EnvironmentFile"] == ["/etc/crl/production.env"]
    timer = unit("crl-digest.timer")
    assert timer["Timer"]["Unit"] == ["crl-digest.service"]
    assert timer["Timer"]["Persistent"] == ["true"]
