"""Who may do what in 值班读网与整改 (docs/duty.md, "Permissions").

* 站点管理员 (SITE_OPERATOR): every model permission of the app — patterns and the roster,
  the checklist, every queue entry and reading record, rectification deadlines,
  maintenance notices, incidents; closes rectifications (the 整改 kind's
  ``reply_approver``).
* 政府办公室审核员 (OFFICE_REVIEWER): view only.
* The person on duty is an ordinary staff user with no permission of this app: being on
  the roster for the running shift lets them open 本班待办, act on its entries, record
  their shift's reading (until ``ZHANQUN_DUTY_RECORD_GRACE_MINUTES`` after it ends),
  turn a finding into a rectification and confirm a re-read (``services.may_*``).
"""

MODELS = [
    "shiftpattern",
    "shift",
    "checklistitem",
    "readingrecord",
    "queueentry",
    "rectificationdeadline",
    "rectification",
    "maintenancenotice",
    "incident",
]

OPERATOR_PERMISSIONS = [f"duty.{action}_{model}" for model in MODELS for action in ("add", "change", "delete", "view")]
REVIEWER_PERMISSIONS = [f"duty.view_{model}" for model in MODELS]
