"""The ``zhifa`` console command: a friendly face on Django's management commands.

``zhifa demo`` (migrate, load demo data, serve), ``zhifa serve``, ``zhifa worker`` (the Huey
consumer), and every management command by name (``zhifa migrate``, ``zhifa verify`` ...).
"""

import os
import sys

ALIASES = {
    "worker": ["run_huey"],
}


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhifa.settings")
    from django.core.management import execute_from_command_line

    if not argv:
        argv = ["help"]
    command, rest = argv[0], argv[1:]
    if command in ALIASES:
        args = ALIASES[command] + rest
    else:
        args = argv
    execute_from_command_line(["zhifa", *args])


if __name__ == "__main__":
    main()
