from django.contrib.auth.decorators import login_required
from django.shortcuts import render


@login_required
def staff_list(request):
    return render(request, "layout.html")


@login_required
def decision_list(request):
    return render(request, "layout.html")
