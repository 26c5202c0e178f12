"""Prove the site runs on more than one app server: two gunicorns behind haproxy, one Redis.

    .venv/bin/python scripts/multiserver_check.py [--duration 25] [--keep-database]

On loopback it starts Redis (a free port), two gunicorn app servers (:8101, :8102, debug off)
sharing the running PostgreSQL's database `crl_multi` (re-created) and that Redis, and haproxy on
:8100 balancing round-robin with the /health/ check. It loads the fixtures and a few users who
hold a lead, runs a mixed load through the balancer (readers browsing; leads posting status
updates on the same few actions, with the form's version for optimistic locking), then checks:
no update lost (every accepted one is on the timeline, every conflict reported and not saved),
no 5xx, and that a status update and a newly published review show on BOTH servers at once.
Prints throughput, p95, errors and lost updates; exits 1 if a check fails. Stops everything it
started. Needs redis-server and haproxy (Debian packages) and PostgreSQL on 127.0.0.1:5432.
"""

import argparse
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import psycopg
from multiserver_load import Browser, percentile, run_load

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
BALANCER, SERVERS = 8100, (8101, 8102)
DATABASE = "crl_multi"
REVIEW_SLUG = "multiserver-check-review"

SETUP = """
import json, os
from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from actions.models import Action, Lead
from findings.models import Finding
from reviews.models import Board, Review
from themes.models import Theme
published = Action.objects.published()
lead = Lead.objects.annotate(n=Count("actions", filter=Q(actions__in=published))).order_by("-n")[0]
users = []
for number in range(1, 5):
    user, _ = get_user_model().objects.get_or_create(username=f"multi-lead-{number}")
    user.set_password(os.environ["MULTI_PASSWORD"])
    user.save()
    lead.holders.add(user)
    users.append(user.username)
actions = list(published.filter(lead=lead).order_by("pk").values_list("pk", flat=True)[:4])
review = Review.objects.published().order_by("pk")[0]
Review.objects.update_or_create(slug="REVIEW_SLUG", defaults=dict(
    name="Multiserver check: a newly published review", board=review.board, kind=review.kind,
    status=Review.Status.DRAFT))
reads = ["/", "/themes/", "/findings/", "/reviews/", "/boards/", "/search/?q=neglect",
         review.get_absolute_url(), review.board.get_absolute_url(),
         Theme.objects.order_by("pk")[0].get_absolute_url(),
         Finding.objects.published().order_by("pk")[0].get_absolute_url()]
print(json.dumps({"users": users, "actions": actions, "reads": reads}))
""".replace("REVIEW_SLUG", REVIEW_SLUG)

PUBLISH = f"""
from reviews.models import Review
from reviews.services import publish_review
publish_review(review=Review.objects.get(slug="{REVIEW_SLUG}"))
"""

TIMELINES = """
import json, os
from actions.models import Action, StatusUpdate
run = os.environ["MULTI_RUN"]
print(json.dumps({
    "updates": list(StatusUpdate.objects.filter(note__startswith=f"multiserver {run} ")
                    .values_list("action_id", "note", "action_version")),
    "versions": dict(Action.objects.values_list("pk", "version")),
}))
"""

HAPROXY = """
global
    maxconn 200
defaults
    mode http
    timeout connect 2s
    timeout client 60s
    timeout server 60s
frontend web
    bind 127.0.0.1:{balancer}
    unique-id-format %[uuid()]
    unique-id-header X-Request-ID
    http-response set-header X-Served-By %[srv_name]
    default_backend app
backend app
    balance roundrobin
    option httpchk
    http-check send meth GET uri /health/ ver HTTP/1.1 hdr Host 127.0.0.1
    http-check expect status 200
    default-server inter 1s fall 2 rise 1
{servers}
listen stats
    bind 127.0.0.1:{stats}
    stats enable
    stats uri /stats
"""


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def port_in_use(port):
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def wait_for(what, test, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if test():
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{what} did not come up within {seconds} s")


def redis_pong(port):
    with socket.create_connection(("127.0.0.1", port), timeout=1) as conn:
        conn.sendall(b"PING\r\n")
        return conn.recv(16).startswith(b"+PONG")


def http_status(port, path):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


class Stack:
    """The processes this check started, stopped in reverse order whatever happens."""

    def __init__(self, workdir):
        self.workdir, self.processes = workdir, []

    def start(self, name, command, env=None):
        log = open(self.workdir / f"{name}.log", "wb")  # noqa: SIM115 (closed with the process)
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        self.processes.append((name, process, log))
        return process

    def stop(self):
        for _name, process, log in reversed(self.processes):
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
            log.close()
        self.processes.clear()


def manage(env, *args, code=None, timeout=240):
    command = [PYTHON, "manage.py", *args] + (["shell", "-c", code] if code else [])
    done = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args) or 'shell'}: {done.stderr[-2000:]}")
    return done.stdout


def recreate_database(url_base):
    with psycopg.connect(f"{url_base}/postgres", autocommit=True) as server:
        server.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        server.execute(f"CREATE DATABASE {DATABASE}")


def drop_database(url_base):
    with psycopg.connect(f"{url_base}/postgres", autocommit=True) as server:
        server.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")


def servers_up(stats_port):
    """haproxy's view: {server: status} of the app backend, from its CSV stats."""
    with urllib.request.urlopen(f"http://127.0.0.1:{stats_port}/stats;csv", timeout=5) as page:
        rows = page.read().decode().lstrip("# ").splitlines()
    header = rows[0].split(",")
    states = {}
    for row in rows[1:]:
        cells = dict(zip(header, row.split(","), strict=False))
        if cells.get("pxname") == "app" and cells["svname"] not in ("FRONTEND", "BACKEND"):
            states[cells["svname"]] = cells["status"]
    return states


def visible_on_both(user, password, action_id, run_id, env):
    """A status update posted on one server and a review published from the shell show on both
    servers straight away (each asked directly, not through the balancer)."""
    problems = []
    first, second = Browser(SERVERS[0]), Browser(SERVERS[1])
    first.sign_in(user, password)
    second.cookies = dict(first.cookies)  # the same session, read by the other server
    note = f"multiserver {run_id} visible on both servers"
    outcome, _, _ = first.update_action(action_id, note, status="at-risk")
    if outcome != "accepted":
        problems.append(f"the visibility update was {outcome}")
    for browser in (first, second):
        page = browser.get(f"/actions/{action_id}/")
        if page.status != 200 or note not in page.body:
            problems.append(f"update not shown by :{browser.port} ({page.status})")
    review_path = f"/reviews/{REVIEW_SLUG}/"
    before = [http_status(port, review_path) for port in SERVERS]
    if before != [404, 404]:
        problems.append(f"the draft review was visible before publishing: {before}")
    manage(env, code=PUBLISH)
    for port in SERVERS:
        page = Browser(port).get(review_path)
        listed = Browser(port).get("/reviews/")
        if page.status != 200 or "newly published review" not in listed.body:
            problems.append(f"published review not shown by :{port} ({page.status})")
    return problems


def check(args, workdir, stack):
    run_id = secrets.token_hex(4)
    password = secrets.token_urlsafe(16)
    for port in (BALANCER, *SERVERS):
        if port_in_use(port):
            raise RuntimeError(f"port {port} is already in use")
    redis_port, stats_port = free_port(), free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"{args.postgres}/{DATABASE}",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SITE_URL": f"http://127.0.0.1:{BALANCER}",
        "DJANGO_CACHE_URL": f"redis://127.0.0.1:{redis_port}/0",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_SECURE_COOKIES": "0",
        "DJANGO_HSTS_SECONDS": "0",
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "MULTI_PASSWORD": password,
        "MULTI_RUN": run_id,
    }
    clock = time.monotonic()
    step = lambda text: print(f"[{time.monotonic() - clock:5.1f}s] {text}", flush=True)  # noqa: E731

    step(f"Redis on :{redis_port}; PostgreSQL database {DATABASE} re-created")
    stack.start(
        "redis",
        ["redis-server", "--port", str(redis_port), "--bind", "127.0.0.1", "--save", ""]
        + ["--appendonly", "no", "--daemonize", "no"],
    )
    recreate_database(args.postgres)
    wait_for("redis", lambda: redis_pong(redis_port))
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "collectstatic", "--noinput", "-v", "0")
    step("migrated; static files collected; loading fixtures and leads")
    manage(env, "load_fixtures")
    setup = json.loads(manage(env, code=SETUP).strip().splitlines()[-1])
    step(f"{len(setup['users'])} leads share actions {setup['actions']}")

    for number, port in enumerate(SERVERS, start=1):
        stack.start(
            f"gunicorn-{number}",
            [str(ROOT / ".venv" / "bin" / "gunicorn"), "config.wsgi", "--bind"]
            + [f"127.0.0.1:{port}", "--workers", "2", "--timeout", "30"],
            env=env,
        )
    for port in SERVERS:
        wait_for(f"gunicorn :{port}", lambda port=port: http_status(port, "/health/") == 200)
    servers = "\n".join(
        f"    server app{n} 127.0.0.1:{port} check" for n, port in enumerate(SERVERS, start=1)
    )
    config = workdir / "haproxy.cfg"
    config.write_text(HAPROXY.format(balancer=BALANCER, servers=servers, stats=stats_port))
    stack.start("haproxy", ["haproxy", "-f", str(config), "-db"])
    wait_for("haproxy", lambda: set(servers_up(stats_port).values()) == {"UP"})
    step(f"haproxy :{BALANCER} -> {servers_up(stats_port)} (health-checked on /health/)")

    step(f"load: {len(setup['users'])} leads updating + 3 readers, {args.duration:.0f} s")
    tally, elapsed = run_load(
        port=BALANCER,
        leads=setup["users"],
        password=password,
        action_ids=setup["actions"],
        read_paths=setup["reads"],
        run_id=run_id,
        duration=args.duration,
        max_per_thread=args.max_requests,
    )
    saved = json.loads(manage(env, code=TIMELINES).strip().splitlines()[-1])
    saved_notes = {note for _, note, _ in saved["updates"]}
    lost = [note for _, note in tally.accepted if note not in saved_notes]
    saved_conflicts = [note for _, note in tally.conflicts if note in saved_notes]
    versions = [(action, version) for action, _, version in saved["updates"]]
    duplicate_versions = len(versions) - len(set(versions))
    five_xx = sum(1 for _, status, _, _ in tally.timings if status >= 500)
    seconds = [s for _, _, s, _ in tally.timings]
    served = {}
    for _, _, _, server in tally.timings:
        served[server] = served.get(server, 0) + 1

    step("visibility: an update and a newly published review, asked of each server directly")
    visibility = visible_on_both(setup["users"][0], password, setup["actions"][0], run_id, env)
    logs = "".join((workdir / f"gunicorn-{n}.log").read_text() for n in (1, 2))
    notes_in_logs = logs.count(f"multiserver {run_id}")
    request_lines = logs.count('"logger": "crl.requests"')
    balancer_ids = len(re.findall(r'"request_id": "[0-9a-f]{8}-[0-9a-f]{4}-', logs))

    print()
    print(
        f"requests        {len(tally.timings)} in {elapsed:.1f} s = "
        f"{len(tally.timings) / elapsed:.1f} req/s (served by {served})"
    )
    print(
        f"latency         p50 {percentile(seconds, 0.5) * 1000:.0f} ms, "
        f"p95 {percentile(seconds, 0.95) * 1000:.0f} ms, max {max(seconds) * 1000:.0f} ms"
    )
    print(
        f"updates         {len(tally.accepted)} accepted, {len(tally.conflicts)} conflicts "
        f"reported (re-submit asked), {len(saved['updates'])} on the timelines"
    )
    print(
        f"lost updates    {len(lost)}; conflicts saved anyway {len(saved_conflicts)}; "
        f"two updates at one version {duplicate_versions}"
    )
    print(f"errors          {five_xx} x 5xx; {len(tally.failures)} failures {tally.failures[:5]}")
    print(f"both servers    {visibility or 'update and new review visible on both'}")
    print(
        f"request logs    {request_lines} JSON lines, {balancer_ids} with haproxy's X-Request-ID;"
        f" progress notes in them: {notes_in_logs}"
    )
    problems = [*visibility]
    if lost or saved_conflicts or duplicate_versions:
        problems.append("updates were lost or double-applied")
    if five_xx or tally.failures:
        problems.append("errors under load")
    if not tally.accepted or not tally.conflicts:
        problems.append("the load made no accepted updates or no conflicts (too short?)")
    if len(served) < 2:
        problems.append("the balancer used only one server")
    if notes_in_logs:
        problems.append("progress notes were written to the logs")
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=25.0, help="seconds of load (25)")
    parser.add_argument("--max-requests", type=int, default=400, help="per thread (400)")
    parser.add_argument(
        "--postgres", default="postgres://crl:crl@127.0.0.1:5432", help="server, no database"
    )
    parser.add_argument("--keep-database", action="store_true", help=f"keep {DATABASE}")
    args = parser.parse_args()
    for tool in ("redis-server", "haproxy"):
        if not shutil.which(tool):
            raise SystemExit(f"{tool} is missing: apt-get install redis-server haproxy")
    workdir = Path(tempfile.mkdtemp(prefix="crl-multiserver-"))
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("stopped (SIGTERM)"))  # still clean up
    stack = Stack(workdir)
    started = time.monotonic()
    try:
        problems = check(args, workdir, stack)
    except Exception as error:
        problems = [f"{type(error).__name__}: {error}"]
    finally:
        stack.stop()
    if not args.keep_database:
        drop_database(args.postgres)
    print(f"total           {time.monotonic() - started:.0f} s; everything started was stopped")
    if problems:
        print(f"FAILED: {problems}; logs in {workdir}")
        sys.exit(1)
    shutil.rmtree(workdir)
    print("OK: two app servers behind one balancer, nothing lost")


if __name__ == "__main__":
    main()
