"""People's names in Chinese order: family name then given name, no space (陈晓梅).

Django's ``User.get_full_name`` joins ``first_name last_name`` with a space, Western
order, and Wagtail shows every user through it (sidebar, listings, history, workflow
messages), so 陈晓梅 read as "晓梅 陈". The project keeps Django's User model (swapping
it mid-life would rewrite every foreign key), so ``AccountsConfig.ready`` installs this
function as its ``get_full_name``.
"""


def full_name(user):
    return f"{user.last_name}{user.first_name}".strip()


def get_full_name(self):
    return full_name(self)
