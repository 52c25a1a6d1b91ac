from django.shortcuts import redirect, render


def home(request):
    return redirect("portal:procedure-list")


def procedure_list(request):
    return render(request, "layout.html")
