"""The HTTP side of scripts/multiserver_check.py: a small cookie-keeping client and the load.

Standard library only (http.client), one connection per request so that the balancer chooses a
server for every request.
"""

import http.client
import random
import re
import threading
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VERSION_INPUT = re.compile(r'name="version" value="(\d+)"')
CONFLICT_TEXT = "Someone else updated this action while you were writing"
UPDATE_STATUSES = ["not-started", "in-progress", "at-risk"]  # "complete" needs evidence


@dataclass
class Response:
    status: int
    body: str
    headers: dict  # names in lower case (haproxy sends them so)
    seconds: float


class Browser:
    """One person's browser: keeps cookies, talks to one host:port."""

    def __init__(self, port, host="127.0.0.1"):
        self.host, self.port, self.cookies = host, port, {}

    def request(self, method, path, form=None, timeout=30):
        headers = {"Host": f"{self.host}:{self.port}", "Connection": "close"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        connection = http.client.HTTPConnection(self.host, self.port, timeout=timeout)
        try:
            connection.request(method, path, body=body, headers=headers)
            raw = connection.getresponse()
            text = raw.read().decode("utf-8", "replace")
            for header in raw.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
            return Response(
                raw.status,
                text,
                {k.lower(): v for k, v in raw.headers.items()},
                time.perf_counter() - started,
            )
        finally:
            connection.close()

    def get(self, path):
        return self.request("GET", path)

    def post(self, path, form):
        return self.request("POST", path, form)

    def sign_in(self, username, password):
        page = self.get("/accounts/login/")
        token = CSRF_INPUT.search(page.body)
        if page.status != 200 or not token:
            raise RuntimeError(f"login page: {page.status}")
        done = self.post(
            "/accounts/login/",
            {"username": username, "password": password, "csrfmiddlewaretoken": token.group(1)},
        )
        if done.status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"{username} could not sign in ({done.status})")

    def update_action(self, action_id, note, status=None, pause=0.0):
        """Open the action's form, wait `pause` (someone typing), submit. Returns the outcome
        ("accepted", "conflict" or "error"), the responses and the version the form was at."""
        page = self.get(f"/actions/{action_id}/")
        version, token = VERSION_INPUT.search(page.body), CSRF_INPUT.search(page.body)
        if page.status != 200 or not version or not token:
            return "error", [page], None
        time.sleep(pause)
        sent = self.post(
            f"/actions/{action_id}/",
            {
                "csrfmiddlewaretoken": token.group(1),
                "status": status or random.choice(UPDATE_STATUSES),
                "note": note,
                "version": version.group(1),
            },
        )
        if sent.status == 302:
            outcome = "accepted"
        elif sent.status == 200 and CONFLICT_TEXT in sent.body:
            outcome = "conflict"
        else:
            outcome = "error"
        return outcome, [page, sent], int(version.group(1))


@dataclass
class Tally:
    """Everything the load saw, shared by the threads (appends under a lock)."""

    timings: list = field(default_factory=list)  # (kind, status, seconds, served_by)
    accepted: list = field(default_factory=list)  # (action id, note)
    conflicts: list = field(default_factory=list)
    failures: list = field(default_factory=list)  # descriptions of errors
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, kind, response):
        with self.lock:
            self.timings.append(
                (kind, response.status, response.seconds, response.headers.get("x-served-by", "?"))
            )
            if response.status >= 500:
                self.failures.append(f"{kind} {response.status}")


def run_load(*, port, leads, password, action_ids, read_paths, run_id, duration, max_per_thread):
    """Leads post status updates (contending for the same few actions) while readers browse;
    all through the balancer, until `duration` seconds or `max_per_thread` operations each."""
    tally = Tally()
    browsers = {}
    for username in leads:  # signing in through the balancer: the session works on both servers
        browsers[username] = Browser(port)
        browsers[username].sign_in(username, password)
    deadline = time.monotonic() + duration

    def lead_loop(username):
        browser, number = browsers[username], 0
        while time.monotonic() < deadline and number < max_per_thread:
            number += 1
            action_id = random.choice(action_ids)
            note = f"multiserver {run_id} {username} #{number}"
            try:
                outcome, responses, _ = browser.update_action(
                    action_id, note, pause=random.uniform(0, 0.2)
                )
            except OSError as error:
                with tally.lock:
                    tally.failures.append(f"update: {error}")
                continue
            for response, kind in zip(responses, ["form", "update"], strict=False):
                tally.record(kind, response)
            with tally.lock:
                if outcome == "accepted":
                    tally.accepted.append((action_id, note))
                elif outcome == "conflict":
                    tally.conflicts.append((action_id, note))
                else:
                    tally.failures.append(f"update of {action_id}: {responses[-1].status}")

    def reader_loop():
        browser, number = Browser(port), 0
        while time.monotonic() < deadline and number < max_per_thread:
            number += 1
            try:
                response = browser.get(random.choice(read_paths))
            except OSError as error:
                with tally.lock:
                    tally.failures.append(f"read: {error}")
                continue
            tally.record("read", response)
            if response.status != 200:
                with tally.lock:
                    tally.failures.append(f"read {response.status}")

    threads = [threading.Thread(target=lead_loop, args=(name,)) for name in leads]
    threads += [threading.Thread(target=reader_loop) for _ in range(3)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return tally, time.monotonic() - started


def percentile(values, fraction):
    ordered = sorted(values)
    if not ordered:
        return 0.0
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]
