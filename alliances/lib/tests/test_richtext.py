import time
from html.parser import HTMLParser

from django.template import Context, Template
from django.test import SimpleTestCase
from django.utils.safestring import SafeString
from hypothesis import given, settings
from hypothesis import strategies as st

from alliances.lib.richtext import (
    ALLOWED_TAGS,
    LINK_REL,
    MAX_CHARS,
    render_rich_text,
    rich_text_to_plain,
)


class Elements(HTMLParser):
    """Every start tag of a fragment with its attributes, and its comments."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.comments: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_comment(self, data):
        self.comments.append(data)


ALLOWED_ATTRIBUTES = {"a": {"href", "rel"}, "ol": {"start"}}


def assert_harmless(testcase, html: str) -> None:
    parsed = Elements(html)
    testcase.assertEqual(parsed.comments, [])
    for tag, attributes in parsed.tags:
        testcase.assertIn(tag, ALLOWED_TAGS, html)
        testcase.assertLessEqual(set(attributes), ALLOWED_ATTRIBUTES.get(tag, set()), html)
        for name, value in attributes.items():
            testcase.assertFalse(name.lower().startswith("on"), html)
            if name == "href":
                testcase.assertRegex(value, r"^(?i:https?://|mailto:)", html)


class PlainTextTests(SimpleTestCase):
    def test_paragraphs_and_line_breaks_as_before(self):
        html = render_rich_text("Soutien scolaire\nle mercredi\n\nSorties culturelles")
        self.assertIsInstance(html, SafeString)
        self.assertHTMLEqual(
            html, "<p>Soutien scolaire<br>le mercredi</p><p>Sorties culturelles</p>"
        )

    def test_special_characters_are_escaped_as_django_escapes_them(self):
        self.assertEqual(
            render_rich_text("R&D < 5 % > rien \"dit\" l'équipe, [lien](https://a.fr/?q='x')"),
            "<p>R&amp;D &lt; 5 % &gt; rien &quot;dit&quot; l&#x27;équipe, "
            '<a href="https://a.fr/?q=\'x\'" rel="nofollow noopener noreferrer ugc">lien</a></p>',
        )

    def test_empty_text_gives_nothing(self):
        for text in (None, "", "  \n "):
            with self.subTest(text=text):
                self.assertEqual(render_rich_text(text), "")

    def test_a_reference_like_line_stays(self):
        self.assertIn("[1]:", render_rich_text("[1]: https://example.org"))


class FormattingTests(SimpleTestCase):
    def test_lists_bold_and_italic(self):
        html = render_rich_text(
            "Nos actions :\n- **soutien** scolaire\n- *sorties*\n\n1. un\n2. deux"
        )
        self.assertHTMLEqual(
            html,
            "<p>Nos actions :</p><ul><li><strong>soutien</strong> scolaire</li>"
            "<li><em>sorties</em></li></ul><ol><li>un</li><li>deux</li></ol>",
        )

    def test_bullets_pasted_from_a_word_processor(self):
        html = render_rich_text("Nos actions :\n•\tSoutien\n•\tSorties\n– Jardin\n· Repas\nMerci.")
        self.assertHTMLEqual(
            html,
            "<p>Nos actions :</p><ul><li>Soutien</li><li>Sorties</li><li>Jardin</li>"
            "<li>Repas</li></ul><p>Merci.</p>",
        )

    def test_numbered_lists_with_a_parenthesis(self):
        html = render_rich_text("Étapes\n1) diagnostic\n2) convention")
        self.assertHTMLEqual(html, "<p>Étapes</p><ol><li>diagnostic</li><li>convention</li></ol>")

    def test_a_list_that_starts_further_keeps_its_number(self):
        self.assertIn('<ol start="3">', render_rich_text("3. trois\n4. quatre"))

    def test_a_dash_inside_a_sentence_is_no_bullet(self):
        self.assertHTMLEqual(render_rich_text("Paris – Lyon"), "<p>Paris – Lyon</p>")

    def test_headings_become_bold_paragraphs(self):
        self.assertHTMLEqual(
            render_rich_text("# Objectifs\nTexte"),
            "<p><strong>Objectifs</strong></p><p>Texte</p>",
        )

    def test_links_and_bare_addresses(self):
        html = render_rich_text(
            "Voir [le site](https://example.org), https://ex.org/a?b=1&c=2, "
            "www.example.fr et contact@example.org"
        )
        rel = f'rel="{LINK_REL}"'
        self.assertIn(f'<a href="https://example.org" {rel}>le site</a>', html)
        self.assertIn(f'<a href="https://ex.org/a?b=1&amp;c=2" {rel}>', html)
        self.assertIn(f'<a href="http://www.example.fr" {rel}>www.example.fr</a>', html)
        self.assertIn(f'<a href="mailto:contact@example.org" {rel}>', html)

    def test_quotes_and_inline_code(self):
        self.assertHTMLEqual(
            render_rich_text("> Une citation\n\n`code`"),
            "<blockquote><p>Une citation</p></blockquote><p><code>code</code></p>",
        )

    def test_plain_text_version_has_no_marks(self):
        self.assertEqual(
            rich_text_to_plain("**Soutien** scolaire\n- un\n- [deux](https://example.org)"),
            "Soutien scolaire un deux",
        )
        self.assertEqual(rich_text_to_plain(None), "")


# Pieces of Markdown and of attacks, mixed at random with any other characters.
FRAGMENTS = [
    *"<>\"'&[]()!*_`#-+.:;/=\\\n\t •–·1",
    "javascript:",
    "data:",
    "http://",
    "https://",
    "mailto:",
    "www.",
    "<!--",
    "-->",
    "<script>",
    "</script>",
    "<a href=",
    " onerror=",
    " onclick=",
    "&#",
    "](",
    "\n\n",
]


class HostileTextTests(SimpleTestCase):
    def test_html_is_shown_as_typed(self):
        html = render_rich_text(
            '<script>alert(1)</script><img src=x onerror="alert(2)"><!-- hidden --><b>gras</b>'
        )
        self.assertNotIn("<script", html)
        self.assertNotIn("<img", html)
        self.assertNotIn("<!--", html)
        self.assertIn("&lt;script&gt;alert(1)&lt;/script&gt;", html)
        assert_harmless(self, html)

    def test_dangerous_addresses_are_not_links(self):
        for address in (
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "&#106;avascript:alert(1)",
            "java\tscript:alert(1)",
            "data:text/html;base64,PHNjcmlwdD4=",
            "vbscript:msgbox(1)",
            "/relative/path",
            "//evil.example/x",
            "file:///etc/passwd",
        ):
            with self.subTest(address=address):
                html = render_rich_text(f"[click]({address}) <{address}>")
                self.assertNotIn("<a", html)
                assert_harmless(self, html)

    def test_images_are_not_loaded(self):
        html = render_rich_text("![x](https://evil.example/pixel.png)")
        self.assertNotIn("<img", html)
        assert_harmless(self, html)

    def test_markup_in_link_text_and_nested_markup(self):
        html = render_rich_text(
            '[<img src=x onerror=alert(1)>](https://example.org "t\\" onclick=\\"x")\n'
            + "> " * 50
            + "- **_*deep*_**"
        )
        assert_harmless(self, html)
        self.assertNotIn("title=", html)
        self.assertNotIn("onclick", html)

    def test_huge_text_is_cut_and_fast(self):
        for unit in ("word ", "[a](<http:// ", "*[`<_", "• x\n", "[a](http://x.org/", "<!--"):
            with self.subTest(unit=unit):
                text = unit * (3 * MAX_CHARS // len(unit))
                started = time.perf_counter()
                html = render_rich_text(text)
                self.assertLess(time.perf_counter() - started, 15)
                self.assertLess(len(Elements(html).tags), MAX_CHARS)
                assert_harmless(self, html)

    @settings(max_examples=300, deadline=None)
    @given(
        st.lists(
            st.one_of(
                st.sampled_from(FRAGMENTS),
                st.text(st.characters(codec="utf-8"), max_size=4),
            ),
            max_size=60,
        ).map("".join)
    )
    def test_any_text_gives_harmless_html(self, text):
        assert_harmless(self, render_rich_text(text))


class FilterTests(SimpleTestCase):
    def test_the_filters_render_and_strip(self):
        template = Template("{% load richtext %}{{ text|richtext }}|{{ text|richtext_plain }}")
        rendered = template.render(Context({"text": "**a** <b>"}))
        self.assertEqual(rendered, "<p><strong>a</strong> &lt;b&gt;</p>|a &lt;b&gt;")
