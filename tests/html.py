"""HTML validity: the Nu Html Checker (vnu.jar, shipped in the vnujar wheel) run on rendered pages."""

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

import vnujar

VNU_JAR = Path(vnujar.__file__).with_name("vnu.jar")


def java_available():
    return shutil.which("java") is not None


def html_errors(pages):
    """Validate {name: html} in one checker run; returns a list of 'name:line: message' errors."""
    with tempfile.TemporaryDirectory() as folder:
        paths = {}
        for name, html in pages.items():
            path = Path(folder) / f"{len(paths):03d}.html"
            path.write_text(html, encoding="utf-8")
            paths[path.name] = name
        completed = subprocess.run(
            [
                "java",
                "-Xss4m",
                "-jar",
                str(VNU_JAR),
                "--errors-only",
                "--format",
                "json",
                *[str(Path(folder) / f"{i:03d}.html") for i in range(len(paths))],
            ],
            capture_output=True,
            text=True,
            check=False,
        )
    report = json.loads(completed.stderr or completed.stdout or '{"messages": []}')
    return [
        f"{paths.get(message.get('url', '').rsplit('/', 1)[-1], message.get('url'))}:"
        f"{message.get('lastLine')}: "
        f"{message.get('message')}"
        for message in report.get("messages", [])
        if message.get("type") == "error"
    ]
