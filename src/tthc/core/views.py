from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from tthc.organisation.scoping import Permission, can_anywhere
from tthc.organisation.selectors import roles_of


@login_required
def staff_home(request):
    """The staff start page: the screens the user's roles open, nothing else."""
    links = [{"title": "Danh mục thủ tục hành chính", "url": reverse("catalog:staff-list")}]
    if can_anywhere(request.user, permission=Permission.MANAGE_CATALOG):
        links.append({"title": "Thêm thủ tục hành chính", "url": reverse("catalog:staff-new")})
        links.append({"title": "Quyết định công bố", "url": reverse("catalog:decision-list")})
    if can_anywhere(request.user, permission=Permission.MANAGE_CALENDAR):
        links.append({"title": "Lịch làm việc", "url": reverse("workcalendar:overrides")})
    memberships = roles_of(request.user, on=timezone.localdate())
    return render(request, "core/staff_home.html", {"links": links, "memberships": memberships})
