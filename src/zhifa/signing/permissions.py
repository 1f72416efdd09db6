"""Who may put an agency's seal on a document: the people who issue enforcement documents in its name."""

from zhifa.accounts.roles import Role
from zhifa.core.scoping import scope_for

# Officers issue notices and records, department heads and agency heads approve and issue decisions.
# Reviewers give opinions, publishers publish, supervisors and administrators issue nothing.
DOCUMENT_ISSUERS = frozenset({Role.OFFICER, Role.DEPT_HEAD, Role.AGENCY_HEAD})


def can_sign_for(user, agency) -> bool:
    scope = scope_for(user)
    return scope.role in DOCUMENT_ISSUERS and scope.covers_agency(agency)
