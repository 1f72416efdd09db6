"""``flush`` that lifts the journal's append-only triggers for the erase and puts them back after.

Erasing the whole database (what the test runner does between transactional tests) is not an
edit of the record; every other UPDATE or DELETE on the journal stays refused.
"""

from django.core.management.commands.flush import Command as FlushCommand
from django.db import connections

from zhifa.ledger import triggers


class Command(FlushCommand):
    def handle(self, **options):
        connection = connections[options["database"]]
        triggers.remove(connection)
        try:
            return super().handle(**options)
        finally:
            triggers.install(connection)
