from django.http import Http404



def member_list(request, **kwargs):
    raise Http404


def member_invite(request, **kwargs):
    raise Http404


def member_change_role(request, **kwargs):
    raise Http404


def member_remove(request, **kwargs):
    raise Http404


def member_leave(request, **kwargs):
    raise Http404


def invitation_revoke(request, **kwargs):
    raise Http404


def invitation_accept(request, **kwargs):
    raise Http404


def join_request_create(request, **kwargs):
    raise Http404


def join_request_decide(request, **kwargs):
    raise Http404


def claim_list(request, **kwargs):
    raise Http404


def claim_decide(request, **kwargs):
    raise Http404
