"""Production settings: `check --deploy` is clean with the documented environment, e-mail never
goes to the console with debug off, and HTTPS is on unless switched off."""

import subprocess
import sys
from pathlib import Path

from django.conf import settings

EXAMPLE = Path(settings.BASE_DIR) / "docs" / "production.env.example"


def production_environment(**extra):
    env = {"PATH": "/usr/bin:/bin"}
    for line in EXAMPLE.read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, value = line.partition("=")
            env[name] = value
    env.update(extra)
    return env


def run_django(code_or_args, env):
    return subprocess.run(
        [sys.executable, *code_or_args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_check_deploy_is_clean_with_the_production_example_environment():
    completed = run_django(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"], production_environment()
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "no issues" in completed.stdout


def test_with_debug_off_email_goes_by_smtp_and_https_is_enforced():
    code = (
        "import os; os.environ['DJANGO_SETTINGS_MODULE'] = 'config.settings.base';"
        "from django.conf import settings as s;"
        "print(s.EMAIL_BACKEND, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.EMAIL_HOST)"
    )
    completed = run_django(["-c", code], production_environment())
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.split() == [
        "django.core.mail.backends.smtp.EmailBackend",
        "True",
        "31536000",
        "smtp.example.org",
    ]


def test_the_console_email_backend_is_only_the_default_with_debug_on():
    code = (
        "import os; os.environ['DJANGO_SETTINGS_MODULE'] = 'config.settings.base';"
        "from django.conf import settings as s; print(s.EMAIL_BACKEND)"
    )
    completed = run_django(["-c", code], {"PATH": "/usr/bin:/bin", "DJANGO_DEBUG": "1"})
    assert completed.stdout.strip() == "django.core.mail.backends.console.EmailBackend"
