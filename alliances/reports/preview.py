"""The preview image of a public impact page (1200 x 630 PNG), shown when its link is shared:
the title, a key figure or the SDG goals, how many parties, and the site's name."""

import io
import textwrap
from pathlib import Path

from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from PIL import Image, ImageDraw, ImageFont

from alliances.reports.selectors.public import PublicContent

WIDTH, HEIGHT = 1200, 630
BACKGROUND = (29, 78, 216)
BAND = (23, 37, 84)
TEXT = (255, 255, 255)
SOFT = (219, 234, 254)
SITE_NAME = "Alliances"


def _font_path(bold: bool) -> Path | None:
    # DejaVu ships with matplotlib, already a dependency; it covers French accents.
    try:
        import matplotlib
    except ImportError:  # pragma: no cover
        return None
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    path = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / name
    return path if path.exists() else None


def _font(size: int, *, bold: bool = False):
    path = _font_path(bold)
    if path is not None:
        return ImageFont.truetype(str(path), size)
    return ImageFont.load_default(size=size)  # pragma: no cover


def _lines(text: str, width: int, limit: int) -> list[str]:
    lines = textwrap.wrap(" ".join(text.split()), width=width) or [""]
    if len(lines) > limit:
        lines = lines[:limit]
        lines[-1] = lines[-1].rstrip(" .,;:") + "…"
    return lines


def _highlight(content: PublicContent) -> tuple[str, str]:
    """The big figure and its caption: the first approved figure, else the SDG goals."""
    item = content.key_figure
    if item is not None:
        caption = f"{item.indicator.title} · {item.latest.label}"
        return item.latest.value_text or item.figure(item.latest.value), caption
    if content.goals:
        goals = " · ".join(str(goal) for goal in content.goals[:8])
        return goals, _("Sustainable Development Goals")
    return "", ""


def preview_png(content: PublicContent) -> bytes:
    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(image)
    margin = 70
    draw.text((margin, 50), _("Public impact page"), font=_font(30), fill=SOFT)
    y = 105
    for line in _lines(content.title, 30, 2):
        draw.text((margin, y), line, font=_font(58, bold=True), fill=TEXT)
        y += 72
    figure, caption = _highlight(content)
    if figure:
        y += 25
        draw.text((margin, y), figure, font=_font(80, bold=True), fill=TEXT)
        y += 100
        for line in _lines(caption, 60, 2):
            draw.text((margin, y), line, font=_font(30), fill=SOFT)
            y += 40
    draw.rectangle((0, HEIGHT - 100, WIDTH, HEIGHT), fill=BAND)
    count = len(content.parties)
    parties = ngettext("%(count)s party", "%(count)s parties", count) % {"count": count}
    footer = parties if not content.territory else f"{parties} · {content.territory}"
    draw.text((margin, HEIGHT - 70), footer, font=_font(32), fill=TEXT)
    name_font = _font(36, bold=True)
    name_width = draw.textlength(SITE_NAME, font=name_font)
    draw.text((WIDTH - margin - name_width, HEIGHT - 72), SITE_NAME, font=name_font, fill=TEXT)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
