"""The `zhanqun` console command: Django's manage.py with the project's settings.

`zhanqun workdays add 2026-09-28 5`, `zhanqun seed --items 100000`, `zhanqun migrate` …
Without DJANGO_SETTINGS_MODULE it uses the development settings (a checkout, the demo);
production sets DJANGO_SETTINGS_MODULE=zhanqun.settings.production (docs/deployment.md).
"""

import os
import sys


def main(argv=None):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhanqun.settings.dev")
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv if argv is not None else sys.argv)


if __name__ == "__main__":
    main()
