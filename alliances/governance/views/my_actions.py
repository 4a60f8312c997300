"""A person's own actions, across every partnership they take part in."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_safe

from alliances.governance.forms.actions import RETURN_MINE, MyActionsFilterForm
from alliances.governance.models import ActionStatus
from alliances.governance.selectors.actions import actions_for_user


@login_required
@require_safe
def my_actions(request: HttpRequest) -> HttpResponse:
    form = MyActionsFilterForm(request.GET or None)
    today = timezone.localdate()
    actions = actions_for_user(user=request.user, today=today, include_done=form.include_done())
    context = {
        "filter_form": form,
        "actions": actions,
        "overdue_count": sum(1 for action in actions if action.overdue),
        "today": today,
        "status_choices": ActionStatus.choices,
        "return_to": RETURN_MINE,
    }
    return render(request, "governance/my_actions.html", context)


urlpatterns = [path("account/actions/", my_actions, name="actions")]
