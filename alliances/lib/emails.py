"""E-mails built from three templates (`<name>_subject.txt`, `<name>_body.txt`,
`<name>_body.html`), in the platform's language: people have no language of their own yet,
and a background job must not inherit the language of whatever request started it."""

import logging

from django.conf import settings
from django.core import mail
from django.template.loader import render_to_string
from django.utils import translation

logger = logging.getLogger(__name__)


def templated_email_send(
    *, to: str, template: str, context: dict, headers: dict | None = None
) -> bool:
    """Render and send one e-mail; a failure is logged and answered False, so that one bad
    address never stops a batch."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"{template}_subject.txt", context)
        text = render_to_string(f"{template}_body.txt", context)
        html = render_to_string(f"{template}_body.html", context)
    message = mail.EmailMultiAlternatives(
        subject=" ".join(subject.split()), body=text, to=[to], headers=headers or {}
    )
    message.attach_alternative(html, "text/html")
    try:
        message.send()
    except Exception:  # one bad address must not stop the others
        logger.exception("E-mail %s could not be sent", template)
        return False
    return True
