"""Who may do what in 互动交流's admin screens (docs/interaction.md).

The case actions themselves are the engine's (``zhanqun.cases.permissions``). Here:

* registering a 12345 call or a letter by post (``cases.dispatch_case``: the office that
  receives letters), and triaging a letter (the same);
* printing a letter's slip and opening an error report's screenshot: anyone who may see
  the case;
* mailboxes (``interaction.*_mailbox``) and the site settings
  (``interaction.change_interactionsettings``): 站点管理员, granted after every migrate.
"""

from zhanqun.units.enums import Role

ROLE_PERMISSIONS = {
    Role.SITE_OPERATOR: ["add_mailbox", "change_mailbox", "delete_mailbox", "view_mailbox", "change_interactionsettings"],
    Role.OFFICE_REVIEWER: ["view_mailbox"],
    Role.AUDITOR: ["view_mailbox"],
}
