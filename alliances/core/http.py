"""Small helpers shared by the views of every app."""

from django.http import HttpRequest, QueryDict


def posted_data(request: HttpRequest) -> QueryDict | None:
    """The submitted data of a POST (even an empty one, which must show errors), else None."""
    return request.POST if request.method == "POST" else None
