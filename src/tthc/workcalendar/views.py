from django.contrib.auth.decorators import login_required
from django.shortcuts import render


@login_required
def overrides(request):
    return render(request, "layout.html")
