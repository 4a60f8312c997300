from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from alliances.accounts import services
from alliances.accounts.forms import ProfileForm
from alliances.core.http import posted_data


@login_required
def profile_edit(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(posted_data(request), initial={"full_name": request.user.full_name})
    if request.method == "POST" and form.is_valid():
        services.user_update_profile(user=request.user, full_name=form.cleaned_data["full_name"])
        messages.success(request, _("Your profile has been saved."))
        return redirect("accounts:profile")
    status = 400 if form.is_bound else 200
    return render(request, "accounts/profile_edit.html", {"form": form}, status=status)
