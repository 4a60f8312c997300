from django.http import Http404



def organisation_list(request, **kwargs):
    raise Http404


def organisation_create(request, **kwargs):
    raise Http404


def organisation_detail(request, **kwargs):
    raise Http404


def organisation_edit(request, **kwargs):
    raise Http404


def organisation_resources(request, **kwargs):
    raise Http404


def organisation_logo(request, **kwargs):
    raise Http404
