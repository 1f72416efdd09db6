"""Background work of the journal: a signed checkpoint every few minutes while the journal grows."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from . import services


@db_periodic_task(crontab(minute="*/5"))
def checkpoint_when_grown():
    """Sign the tree head when entries were appended since the last checkpoint (none otherwise)."""
    checkpoint = services.issue_checkpoint()
    return checkpoint.tree_size if checkpoint else None
