"""Two-factor sign-in: a signed-in user who must give a second factor sees nothing else first.

What a user must do is decided once, at sign-in (accounts.signals), and kept in the session, so
ordinary pages cost no extra query. Until it is done, every page redirects to the verify (or,
for a superuser or board manager without a device, the set-up) page.
"""

from urllib.parse import quote

from django.shortcuts import redirect
from django.urls import reverse

SESSION_KEY = "second_factor"
ALWAYS_ALLOWED = ("/static/", "/accounts/logout/", "/accounts/two-factor/", "/health/")


class RequireSecondFactor:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        step = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
        if (
            step
            and request.user.is_authenticated
            and not request.user.is_verified()
            and not request.path.startswith(ALWAYS_ALLOWED)
        ):
            target = "accounts:two-factor-verify" if step == "verify" else "accounts:two-factor"
            return redirect(f"{reverse(target)}?next={quote(request.get_full_path())}")
        return self.get_response(request)
