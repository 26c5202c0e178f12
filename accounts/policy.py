"""Who must sign in with a second factor.

Superusers and board managers must (they can change every action of a board, and read its
progress notes); leads may, and once they have set up a device they are asked for it too.
Switched on by TWO_FACTOR_ENABLED (on whenever debug is off).
"""

from django.conf import settings
from django_otp import user_has_device

from actions.models import Membership


def two_factor_required(user):
    """True for superusers and anyone who manages a board."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return Membership.objects.filter(user=user, role=Membership.Role.BOARD_MANAGER).exists()


def needs_second_factor(user):
    """What a user signing in must do before anything else: "verify", "setup" or None."""
    if not settings.TWO_FACTOR_ENABLED or not user.is_authenticated:
        return None
    if user_has_device(user):
        return "verify"
    return "setup" if two_factor_required(user) else None
