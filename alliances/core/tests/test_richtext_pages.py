"""Long texts written by users show their formatting on the pages, and never their HTML."""

import time_machine
from django.urls import reverse

from alliances.matching.tests.test_call_setup import NOW, CallTestCase, make_call
from alliances.organisations.models import Organisation
from alliances.test import BaseTestCase

FORMATTED = (
    "Nous agissons pour :\n"
    "•\tle **soutien scolaire**\n"
    "•\tles sorties\n"
    "Plus sur https://trois-cites.example.org"
)
HOSTILE = (
    '<script>alert("x")</script><img src=x onerror=alert(1)> '
    "[clic](javascript:alert(2)) <!-- caché -->"
)


class RichTextPageAssertions:
    def assert_formatted(self, response):
        self.assertContains(response, "<strong>soutien scolaire</strong>", html=True)
        self.assertContains(response, "<li>les sorties</li>", html=True)
        self.assertContains(
            response,
            '<a href="https://trois-cites.example.org" rel="nofollow noopener noreferrer ugc">'
            "https://trois-cites.example.org</a>",
            html=True,
        )

    def assert_escaped(self, response):
        self.assertContains(response, "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;")
        self.assertContains(response, "&lt;img src=x onerror=alert(1)&gt;")
        self.assertContains(response, "[clic](javascript:alert(2))")
        self.assertContains(response, "&lt;!-- caché --&gt;")
        self.assertNotContains(response, "<img src=x")
        self.assertNotContains(response, 'href="javascript:')


class OrganisationProfileTests(RichTextPageAssertions, BaseTestCase):
    def show(self, mission: str):
        Organisation.objects.filter(pk=self.org.pk).update(mission=mission)
        return self.client.get(reverse("organisations:detail", args=[self.org.uuid]))

    def test_the_mission_is_formatted(self):
        self.assert_formatted(self.show(FORMATTED))

    def test_html_in_the_mission_is_shown_as_text(self):
        self.assert_escaped(self.show(HOSTILE))


@time_machine.travel(NOW, tick=False)
class CallPageTests(RichTextPageAssertions, CallTestCase):
    def show(self, description: str):
        call = make_call(self.org, "Appel mis en forme", description=description)
        return self.client.get(reverse("matching:call_detail", args=[call.uuid]))

    def test_the_description_is_formatted(self):
        self.assert_formatted(self.show(FORMATTED))

    def test_html_in_the_description_is_shown_as_text(self):
        self.assert_escaped(self.show(HOSTILE))
