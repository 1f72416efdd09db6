"""The warning rules, registered by name in :mod:`.base` when these modules are imported."""

from . import casework, disclosure, lists, people, rectification, review  # noqa: F401 - registers the rules
from .base import REGISTRY, Context, Finding, Rule, get, rule, rules  # noqa: F401
