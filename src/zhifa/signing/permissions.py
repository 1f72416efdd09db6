"""Who may put an agency's seal on a document: the people who issue enforcement documents in its name."""

import contextlib
import contextvars

from zhifa.accounts.roles import Role
from zhifa.core.scoping import scope_for

# Officers issue notices and records, department heads and agency heads approve and issue decisions.
# Reviewers give opinions, publishers publish, supervisors and administrators issue nothing.
DOCUMENT_ISSUERS = frozenset({Role.OFFICER, Role.DEPT_HEAD, Role.AGENCY_HEAD})


# The review body's own document (法制审核意见书) is issued by a reviewer in the agency's name; the
# documents service opens this window only while issuing such a template (L4).
_review_body_issue = contextvars.ContextVar("review_body_issue", default=False)


@contextlib.contextmanager
def issuing_for_review_body():
    token = _review_body_issue.set(True)
    try:
        yield
    finally:
        _review_body_issue.reset(token)


def can_sign_for(user, agency) -> bool:
    scope = scope_for(user)
    if scope.role == Role.REVIEWER and _review_body_issue.get():
        return scope.covers_agency(agency)
    return scope.role in DOCUMENT_ISSUERS and scope.covers_agency(agency)
