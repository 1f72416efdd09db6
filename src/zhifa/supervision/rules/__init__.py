"""The warning rules, registered by name in :mod:`.base` when these modules are imported.

Disclosure-based rules (decision disclosed within 7/20 working days, withdrawal within 3, the annual
report by 31 January) join as one more module here once the disclosure models exist; see
docs/supervision.md.
"""

from . import casework, lists, people, rectification, review  # noqa: F401 - registers the rules
from .base import REGISTRY, Context, Finding, Rule, get, rule, rules  # noqa: F401
