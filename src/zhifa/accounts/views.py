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
    return render(request, "accounts/workbench.html", context)
