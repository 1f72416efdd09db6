"""Background work of supervision: the periodic warning scan (I5).

Changes recheck their own subjects at once (:mod:`.triggers`); the scan catches what time alone
changes — a deadline that passes overnight, a certificate that lapses, an escalation step reached —
and anything a failed recheck missed.
"""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from . import scan


@db_periodic_task(crontab(minute="*/15"))
def scan_warnings():
    """Every quarter of an hour (and so just after midnight, when deadlines turn): the full scan."""
    result = scan.run()
    return {"findings": result.findings, "raised": result.raised, "cleared": result.cleared,
            "seconds": round(result.seconds, 2)}
