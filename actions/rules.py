"""Object-level permissions for the action tracker (the `rules` app autodiscovers this module).

- Anyone may read published learning (actions included; see ActionQuerySet.published).
- Only the action's lead (a holder of its reviews.Lead), a manager of its board, or an admin may
  update an action. Everyone else gets 403.
- Progress notes and evidence are the board's own: visible to national administrators and to the
  people of the action's board (holders of its leads, its members and managers). A board that
  shares its progress (Board.shares_progress) shows them to every partnership user too.
- Assuring an action (confirming its impact) is for a manager or quality-assurance member of its
  board, or an admin, and never for a holder of the action's own lead: nobody marks their own
  homework, whatever else they are.
- A board's oversight (update requests, escalation, historic plans, attaching people to leads)
  is for its managers (and admins); its escalation list is for its managers and QA members.
"""

import rules

from .models import Lead, Membership


@rules.predicate
def holds_action_lead(user, action):
    if action is None or action.lead_id is None or not user.is_authenticated:
        return False
    return user.leads_held.filter(pk=action.lead_id).exists()


@rules.predicate
def manages_action_board(user, action):
    if action is None or not user.is_authenticated:
        return False
    return Membership.objects.filter(
        user_id=user.pk,
        board_id=action.plan.review.board_id,
        role=Membership.Role.BOARD_MANAGER,
    ).exists()


@rules.predicate
def assures_action_board(user, action):
    """A member of the action's board with the quality-assurance role."""
    if action is None or not user.is_authenticated:
        return False
    return Membership.objects.filter(
        user_id=user.pk,
        board_id=action.plan.review.board_id,
        role=Membership.Role.QUALITY_ASSURANCE,
    ).exists()


def _has_board_role(user, board, roles):
    if board is None or not user.is_authenticated:
        return False
    return Membership.objects.filter(user_id=user.pk, board_id=board.pk, role__in=roles).exists()


@rules.predicate
def manages_board(user, board):
    return _has_board_role(user, board, [Membership.Role.BOARD_MANAGER])


@rules.predicate
def manages_or_assures_board(user, board):
    return _has_board_role(
        user, board, [Membership.Role.BOARD_MANAGER, Membership.Role.QUALITY_ASSURANCE]
    )


@rules.predicate
def is_partnership_user(user):
    if not user.is_authenticated:
        return False
    return user.leads_held.exists() or user.memberships.exists()


@rules.predicate
def belongs_to_action_board(user, action):
    """A holder of one of the action's board's leads, or a member or manager of that board."""
    if action is None or not user.is_authenticated:
        return False
    board_id = action.plan.review.board_id
    return (
        Lead.holders.through.objects.filter(user_id=user.pk, lead__board_id=board_id).exists()
        or Membership.objects.filter(user_id=user.pk, board_id=board_id).exists()
    )


@rules.predicate
def board_shares_progress(user, action):
    return action is not None and action.plan.review.board.shares_progress


is_admin = rules.is_active & rules.is_superuser

can_update_action = rules.is_active & (is_admin | holds_action_lead | manages_action_board)
can_view_progress = rules.is_active & (
    is_admin | belongs_to_action_board | (board_shares_progress & is_partnership_user)
)

can_assure_action = rules.is_active & (
    (is_admin | manages_action_board | assures_action_board) & ~holds_action_lead
)
can_oversee_action = rules.is_active & (is_admin | manages_action_board)
can_manage_board = rules.is_active & (is_admin | manages_board)
can_view_board_assurance = rules.is_active & (is_admin | manages_or_assures_board)

rules.add_perm("actions.update_action", can_update_action)
rules.add_perm("actions.assure_action", can_assure_action)
rules.add_perm("actions.oversee_action", can_oversee_action)
rules.add_perm("actions.manage_board", can_manage_board)
rules.add_perm("actions.view_board_assurance", can_view_board_assurance)
rules.add_perm("actions.view_action_progress", can_view_progress)


def may_assure(user, action):
    """The assurance rule itself. Call this, not user.has_perm("actions.assure_action"): Django's
    ModelBackend grants a superuser every permission before this rule is asked, and a superuser
    who holds the action's lead must not assure it either."""
    return can_assure_action.test(user, action)
