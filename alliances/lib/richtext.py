"""Long texts written by users, shown with light formatting.

A text is read as Markdown (CommonMark, raw HTML shown as typed, bare links made clickable,
single line breaks kept), then the HTML is cleaned against a short allowlist with nh3. Plain
text written before formatting existed renders as it did with `linebreaks`: paragraphs and line
breaks. Texts pasted from word processors keep their bullets ("•", "–", "·") as lists.

Headings become bold paragraphs: a user's text sits inside a page that has its own outline.
Images, code blocks and horizontal rules are left out: none is needed to describe a mission or
write minutes, and each would let a text change the page around it.
"""

import functools
import html
import re

import nh3
from django.utils.html import linebreaks
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from markdown_it import MarkdownIt, rules_inline

# Every long text of the site is under 50 000 characters (meeting minutes); past this, the
# rest is cut so that no stored text can make a page slow.
MAX_CHARS = 60_000

ALLOWED_TAGS = frozenset({"p", "br", "ul", "ol", "li", "strong", "em", "a", "code", "blockquote"})
ALLOWED_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow noopener noreferrer ugc"

# A bullet pasted from a word processor: "•" and its kin with or without a space after,
# "·" and "–" only with one (a dash starting a line is otherwise a sentence).
_PASTED_BULLET = re.compile(r"^[ \t]*(?:[•◦▪‣●]|[·–—](?=[ \t\u00a0]))[ \t\u00a0]*")
_LIST_ITEM = re.compile(r"^ {0,3}(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")
# Parsing links and emphasis in a run this long without a space takes time that grows with the
# square of its length; no word or address written by a person is that long.
_LONG_RUN = re.compile(r"\S{2000}")
_TAG = re.compile(r"(<[^>]*>)")
_ALLOWED_LINK = re.compile(r"^(?:https?://|mailto:)", re.IGNORECASE)


FORMATTING_HELP = _(
    "Formatting: a line starting with “-” makes a list, **bold**, *italics*; web addresses "
    "become links."
)


def with_formatting_help(help_text) -> str:
    """A form field's help followed by how to format the text."""
    return format_lazy("{} {}", help_text, FORMATTING_HELP)


def _is_allowed_link(url: str) -> bool:
    """Any other link (relative, javascript:, data:…) stays as the text the user typed."""
    return bool(_ALLOWED_LINK.match(url.strip()))


def _bold_heading_open(self, tokens, idx, options, env) -> str:
    return "<p><strong>"


def _bold_heading_close(self, tokens, idx, options, env) -> str:
    return "</strong></p>\n"


def _with_short_pending(rule):
    """The bare-link rule looks for a scheme at the end of the text not yet turned into tokens,
    with a search that reads all of it: on a long paragraph full of "://" that is quadratic. A
    scheme is short, so all but the end of that text is made a token first."""

    def wrapped(state, silent: bool) -> bool:
        if len(state.pending) > 256 and state.src.startswith("://", state.pos):
            tail = state.pending[-64:]
            state.pending = state.pending[:-64]
            state.pushPending()
            state.pending = tail
        return rule(state, silent)

    return wrapped


@functools.cache
def _markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": True, "breaks": True})
    md.enable("linkify")
    md.inline.ruler.at("linkify", _with_short_pending(rules_inline.linkify))
    md.validateLink = _is_allowed_link
    # "reference" would make a line like "[1]: https://…" vanish from the text.
    md.disable(["image", "code", "fence", "hr", "reference"])
    md.add_render_rule("heading_open", _bold_heading_open)
    md.add_render_rule("heading_close", _bold_heading_close)
    return md


def _ordered_list_start(tag: str, attribute: str, value: str) -> str | None:
    if tag == "ol" and attribute == "start":
        return value if value.isdigit() and len(value) <= 9 else None
    return value


@functools.cache
def _cleaner() -> nh3.Cleaner:
    return nh3.Cleaner(
        tags=set(ALLOWED_TAGS),
        clean_content_tags={"script", "style"},
        # "*": none on every tag, or nh3 keeps its defaults (title and lang) everywhere.
        attributes={"*": set(), "a": {"href"}, "ol": {"start"}},
        attribute_filter=_ordered_list_start,
        url_schemes=set(ALLOWED_SCHEMES),
        url_relative="deny",
        link_rel=LINK_REL,
        strip_comments=True,
    )


def _prepare(text: str) -> str:
    """Pasted bullets become Markdown items, and a list ends at the first line that is not an
    item (rather than running on into it), as it looks in the plain text."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    prepared: list[str] = []
    in_list = False
    for line in lines:
        bullet = _PASTED_BULLET.match(line)
        if bullet:
            line = "- " + line[bullet.end() :]
        is_item = bool(_LIST_ITEM.match(line))
        if in_list and not is_item and line.strip() and not line[:1].isspace():
            prepared.append("")
        if is_item:
            in_list = True
        elif not line.strip() or not line[:1].isspace():
            in_list = False
        prepared.append(line)
    return "\n".join(prepared)


def render_rich_text(text: str | None) -> SafeString:
    """`text` as safe HTML: formatted, then cleaned against the allowlist."""
    if not text or not str(text).strip():
        return mark_safe("")  # noqa: S308 - empty
    return mark_safe(_render(str(text)[:MAX_CHARS]))  # noqa: S308 - see _render


# A page shows the same texts again and again; a long text costs tens of milliseconds.
@functools.lru_cache(maxsize=128)
def _render(text: str) -> str:
    if _LONG_RUN.search(text):
        return linebreaks(text, autoescape=True)
    return _quotes_escaped(_cleaner().clean(_markdown().render(_prepare(text))).strip())


def _quotes_escaped(cleaned: str) -> str:
    """Quotes in the text escaped as Django escapes them, so that a text reads the same in the
    page source whichever way it was shown. nh3 leaves no ">" inside a tag."""
    parts = _TAG.split(cleaned)
    for index in range(0, len(parts), 2):
        parts[index] = parts[index].replace('"', "&quot;").replace("'", "&#x27;")
    return "".join(parts)


def rich_text_to_plain(text: str | None) -> str:
    """`text` without its formatting marks, for excerpts and meta descriptions."""
    text = str(text or "")[:MAX_CHARS]
    if not text or _LONG_RUN.search(text):
        return " ".join(text.split())
    rendered = _markdown().render(_prepare(text))
    rendered = re.sub(r"<br\s*/?>|</(?:p|li|blockquote)>", " ", rendered)
    return " ".join(html.unescape(nh3.clean(rendered, tags=set())).split())
