"""Sign-in bookkeeping: the idle clock starts, and the second factor owed is decided."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from core.middleware import mark_seen

from .middleware import SESSION_KEY
from .policy import needs_second_factor


@receiver(user_logged_in)
def on_sign_in(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    mark_seen(request.session)
    step = needs_second_factor(user)
    if step:
        request.session[SESSION_KEY] = step
    else:
        request.session.pop(SESSION_KEY, None)
