"""People's names in Chinese order: family name then given name, no space (陈晓梅).

Django's ``User.get_full_name`` joins ``first_name last_name`` with a space, Western
order, and Wagtail shows every user through it (sidebar, listings, history, workflow
messages), so 陈晓梅 read as "晓梅 陈". The project keeps Django's User model (swapping
it mid-life would rewrite every foreign key), so ``AccountsConfig.ready`` installs this
function as its ``get_full_name``.

It is also ``get_short_name``: Django's returns the given name alone, and Wagtail's
notification e-mails greet the reader with it ("晓梅 你好，"); in an office's letters a
colleague is addressed by the full name (陈晓梅，您好：). Wagtail's sidebar reads
``first_name`` itself; core/admin_labels.py makes it show the full name too.
"""


def full_name(user):
    return f"{user.last_name}{user.first_name}".strip()


def get_full_name(self):
    return full_name(self)


def display_name(user):
    """How a screen names a person: 陈晓梅, or the username when no name is recorded."""
    if user is None:
        return ""
    return full_name(user) or user.get_username()
