"""Every read of case files, scoped through the cases app: a case the user may not read is a 404."""

from django.http import Http404

from zhifa.cases import permissions
from zhifa.cases.selectors import get_case

from . import rules
from .assembly import CaseFile, assemble


def readable_case(user, pk):
    case = get_case(user, pk)
    if not permissions.can_read(user, case):
        raise Http404("案件不存在或无权查看")
    return case


def case_file(user, pk) -> CaseFile:
    return assemble(readable_case(user, pk))


def archive_deadline(case):
    return rules.archive_deadline(case)
