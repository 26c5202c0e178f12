"""docs/production.md documents every environment variable the settings read."""

import re
from pathlib import Path

from django.conf import settings

BASE = Path(settings.BASE_DIR)
READ = re.compile(r'(?:environ\.get|env_bool|environ\[)\(?\s*"([A-Z][A-Z0-9_]+)"')


def test_every_variable_the_settings_read_is_in_the_production_docs():
    source = (BASE / "config" / "settings" / "base.py").read_text()
    variables = set(READ.findall(source)) | {"DATABASE_URL"}  # read by dj_database_url.config()
    assert {"DJANGO_SECRET_KEY", "DJANGO_CACHE_URL", "DJANGO_EMAIL_BACKEND"} <= variables
    table = (BASE / "docs" / "production.md").read_text()
    missing = sorted(name for name in variables if f"| `{name}` |" not in table)
    assert missing == [], f"add these to the environment table of docs/production.md: {missing}"


def test_the_readme_points_to_the_production_docs():
    assert "docs/production.md" in (BASE / "README.md").read_text()
