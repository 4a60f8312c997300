"""Small charts of the report: per indicator, its approved values against baseline and targets.

Drawn with matplotlib (docs/decisions/0027-matplotlib.md) on a `Figure` of its own, never
through pyplot, so that no global state is shared between reports generated at the same time.
SVG goes into the PDF (sharp at any zoom), PNG into the DOCX (what Word shows everywhere).
Every chart has a text alternative (`Chart.alt`); the renderers also print the figures as a
table beside it, so nothing is known only from the picture.
"""

from dataclasses import dataclass
from io import BytesIO

from django.utils.translation import gettext as _

from alliances.reports.content import IndicatorSection

VALUE_COLOUR = "#1d4e89"
TARGET_COLOUR = "#b35c00"
BASELINE_COLOUR = "#555555"


@dataclass(frozen=True)
class Chart:
    svg: str
    png: bytes
    alt: str


def _figure():
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    return Figure(figsize=(6.0, 2.6), dpi=120)


def chart_alt(section: IndicatorSection) -> str:
    return _("Chart of “%(title)s”: %(summary)s") % {
        "title": section.title,
        "summary": section.summary,
    }


def indicator_chart(section: IndicatorSection) -> Chart | None:
    """A line of the values with the targets as marks and the baseline as a dotted line; None
    when there is nothing to draw."""
    points = section.points
    values = [float(p.value) if p.value is not None else None for p in points]
    targets = [float(p.target) if p.target is not None else None for p in points]
    if not points or all(v is None for v in values + targets) and section.baseline is None:
        return None
    figure = _figure()
    axes = figure.add_subplot(1, 1, 1)
    positions = list(range(len(points)))
    shown = [(x, v) for x, v in zip(positions, values, strict=True) if v is not None]
    if shown:
        xs, ys = zip(*shown, strict=True)
        axes.plot(xs, ys, marker="o", color=VALUE_COLOUR, linewidth=2, label=_("Value"))
    aimed = [(x, t) for x, t in zip(positions, targets, strict=True) if t is not None]
    if aimed:
        xs, ys = zip(*aimed, strict=True)
        axes.plot(
            xs,
            ys,
            marker="D",
            linestyle="--",
            color=TARGET_COLOUR,
            linewidth=1,
            label=_("Target"),
        )
    if section.baseline is not None:
        axes.axhline(
            float(section.baseline),
            color=BASELINE_COLOUR,
            linestyle=":",
            linewidth=1,
            label=_("Baseline"),
        )
    in_period = [x for x, p in zip(positions, points, strict=True) if p.in_period]
    if in_period:
        axes.axvspan(min(in_period) - 0.4, max(in_period) + 0.4, color="#e8eef6", zorder=0)
    axes.set_xticks(positions)
    axes.set_xticklabels([p.label for p in points], fontsize=7, rotation=30, ha="right")
    axes.tick_params(axis="y", labelsize=7)
    if section.unit:
        axes.set_ylabel(section.unit, fontsize=8)
    axes.spines[["top", "right"]].set_visible(False)
    axes.legend(fontsize=7, frameon=False, loc="best")
    axes.grid(axis="y", color="#dddddd", linewidth=0.5)
    figure.tight_layout()
    svg_out, png_out = BytesIO(), BytesIO()
    # No date in the SVG, so the same figures always give the same file.
    figure.savefig(svg_out, format="svg", metadata={"Date": None})
    figure.savefig(png_out, format="png")
    svg = svg_out.getvalue().decode()
    # The PDF inlines the SVG: drop the XML prologue and doctype, keep the <svg> element.
    svg = svg[svg.index("<svg") :]
    return Chart(svg=svg, png=png_out.getvalue(), alt=chart_alt(section))


def charts_for_report(sections: list[IndicatorSection]) -> dict[str, Chart]:
    """Indicator key → its chart (indicators with nothing to draw have none)."""
    charts = {}
    for section in sections:
        chart = indicator_chart(section)
        if chart is not None:
            charts[section.key] = chart
    return charts
