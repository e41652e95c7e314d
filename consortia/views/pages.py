from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .. import selectors
from ..permissions import consortium_access


@login_required
def consortium_detail(request, consortium_id):
    access = consortium_access(request.user, consortium_id)
    consortium = access.consortium
    return render(
        request,
        "consortia/detail.html",
        {
            "access": access,
            "consortium": consortium,
            "section": "overview",
            "lead": selectors.lead_membership(consortium),
            "life_basins": consortium.territory.life_basins.all(),
            "counts": selectors.membership_counts(consortium),
        },
    )


# Read pages of a consortium, beyond the overview above.
urlpatterns = []
