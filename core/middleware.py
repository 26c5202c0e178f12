"""Session expiry after inactivity.

A signed-in session idle for longer than SESSION_IDLE_TIMEOUT seconds is signed out on its next
request. The last-seen time is written at sign-in and then at most every SEEN_EVERY seconds, so
a busy user does not cost a session write on every page.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login

SEEN_KEY = "last_seen"
SEEN_EVERY = 300


def mark_seen(session, now=None):
    session[SEEN_KEY] = int(now if now is not None else time.time())


class IdleTimeout:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = time.time()
            last = request.session.get(SEEN_KEY)
            if last is not None and now - last > settings.SESSION_IDLE_TIMEOUT:
                logout(request)
                messages.info(request, "You were signed out after a period of inactivity.")
                return redirect_to_login(request.get_full_path())
            if last is None or now - last > SEEN_EVERY:
                mark_seen(request.session, now)
        return self.get_response(request)
