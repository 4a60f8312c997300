from django import template

from alliances.lib.richtext import render_rich_text, rich_text_to_plain

register = template.Library()


@register.filter
def richtext(text):
    """{{ organisation.mission|richtext }}: a user's long text with its paragraphs, lists, bold
    and links, cleaned against a short allowlist (see alliances.lib.richtext)."""
    return render_rich_text(text)


@register.filter
def richtext_plain(text):
    """{{ page.summary|richtext_plain|truncatewords:40 }}: the same text without its marks."""
    return rich_text_to_plain(text)
