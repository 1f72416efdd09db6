from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from zhifa.organizations import selectors as org


@login_required
def workbench(request):
    """The landing page after login: what needs attention in the user's scope."""
    user = request.user
    ratios = org.reviewer_ratios(user)
    context = {
        "agencies": org.agencies(user)[:20],
        "ratios": ratios,
        "ratios_failing": [r for r in ratios if not r.meets_minimum],
        "expiring": org.expiring_certificates(user)[:10],
        "untrained_count": org.untrained_people(user).count(),
        "people_count": org.people(user, active=True).count(),
    }
    context.update(_case_figures(user))
    return render(request, "accounts/workbench.html", context)


def _case_figures(user) -> dict:
    """My open cases with their deadline badges, and what waits for my approval."""
    from zhifa.cases import selectors as cases

    mine = cases.workbench_cases(user, mine=True).exclude(status__in=["archived", "ended"])[:20]
    approvals, suspensions = cases.pending_approvals(user)
    rows = [(case, cases.deadline(case)) for case in mine]
    return {
        "my_cases": rows,
        "overdue_count": sum(1 for _, d in rows if d.state == "overdue"),
        "pending_count": approvals.count() + suspensions.count(),
        "reads_cases": user.role in cases.CASE_READERS,
    }
