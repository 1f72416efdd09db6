"""Background work of evidence: unfinished uploads expire and their partial files are removed."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from . import services


@db_periodic_task(crontab(minute="17"))
def expire_stale_uploads():
    """Hourly: an upload idle past its expiry (24 hours by default) never becomes evidence."""
    return services.expire_uploads()
