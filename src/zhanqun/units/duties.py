"""三员分立 (separated duties): system administrator, security administrator, auditor.

等保 2.0 level 3 (GB/T 22239-2019, 8.1.4.2) asks that the three administrative duties
be held by different accounts: the 系统管理员 manages users, sites and settings, the
安全管理员 policies, devices and lockouts, the 审计员 reads the audit log. No account
holds two of them; the system refuses such a grant wherever it comes from — the user
form (``units.forms``) and any code path, through ``m2m_changed`` on the user's groups
(``units.signal_handlers``). docs/accounts.md.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .enums import SEPARATED_DUTIES, Role

DUTY_GROUP_NAMES = {str(role.label): role for role in SEPARATED_DUTIES}


def duties_in(group_names):
    """The separated-duty roles among ``group_names``, in a stable order."""
    found = {DUTY_GROUP_NAMES[name] for name in group_names if name in DUTY_GROUP_NAMES}
    return [role for role in SEPARATED_DUTIES if role in found]


def check_separated_duties(group_names):
    """Raise ``ValidationError`` when the groups would give one account two duties."""
    duties = duties_in(group_names)
    if len(duties) > 1:
        names = "、".join(str(Role(d).label) for d in duties)
        raise ValidationError(
            _("三员分立：系统管理员、安全管理员、审计员须由不同账号担任，同一账号不能同时担任%(roles)s。")
            % {"roles": names},
            code="separated_duties",
        )
