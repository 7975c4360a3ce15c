"""The BarChart and its pieces, and the geometry that places every bar, gridline and label."""

import math
from dataclasses import dataclass, field
from functools import cached_property

from django.utils.translation import gettext as _

from hub import cldr

# Series fills, in order. Each has at least 4.5:1 contrast on white and on the paper tint
# (WCAG 1.4.11 asks 3:1 for graphics), and each series also gets its own pattern (PATTERNS), so
# colour is never the only cue; white strokes separate stacked segments.
PALETTE = ["#0b5563", "#a34a12", "#5b3f8c", "#2f6b2f", "#1f5f9e", "#b0306a"]
OTHER_COLOUR = "#4b5a64"
# White marks drawn over the fill in an 8×8 tile (empty: solid). Round caps turn "h0" into dots.
PATTERNS = [
    "",
    "M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4",
    "M2,2 h0 M6,6 h0",
    "M0,2 h8 M0,6 h8",
    "M0,0 l8,8 M8,0 l-8,8",
    "M2,0 v8 M6,0 v8",
]
OTHER_PATTERN = "M-2,6 l4,4 M0,0 l8,8 M6,-2 l4,4"

# At most this many series are drawn; the smallest of the rest are added up as "other".
MAX_SERIES = 6
# At most this many bars in a chart of names (agencies): the rest add up to one "other" bar.
MAX_NAMED_CATEGORIES = 12

# SVG user units (the SVG scales to its container's width).
WIDTH = 720
FONT = 13


@dataclass(frozen=True)
class Category:
    key: str
    label: str


@dataclass(frozen=True)
class Series:
    key: str
    label: str
    values: tuple
    colour: str = PALETTE[0]
    pattern: str = ""


@dataclass
class BarChart:
    """Stacked bars: one bar per category, one segment per series, with its numbers in a table.

    `key` is unique on the page (HTML ids derive from it). Vertical charts suit years; horizontal
    ones (`orientation="horizontal"`) suit names, written above their bars so they never clip.
    """

    key: str
    title: str
    categories: list
    series: list
    category_heading: str
    unit: str = ""
    orientation: str = "vertical"
    money: bool = False
    note: str = ""
    empty_message: str = ""
    total_label: str = field(default_factory=lambda: _("Total"))

    # Numbers -------------------------------------------------------------------------------
    @property
    def totals(self):
        return [sum(series.values[index] for series in self.series) for index in range(len(self.categories))]

    @property
    def grand_total(self):
        return sum(self.totals)

    @property
    def format_grand_total(self):
        return self.format(self.grand_total)

    @property
    def is_empty(self):
        return not self.categories or not any(self.totals)

    @property
    def stacked(self):
        return len(self.series) > 1

    def format(self, value):
        if self.money:
            return cldr.format_money(value)
        return cldr.format_number(value)

    def format_tick(self, value):
        """Axis labels: short money amounts ("US$2M", "2 M $US"), counts as they are."""
        if not self.money:
            return cldr.format_number(value)
        from babel import numbers as babel_numbers

        return babel_numbers.format_compact_currency(
            value, "USD", locale=cldr.babel_locale(), fraction_digits=1, numbering_system=cldr.NUMBERING_SYSTEM
        )

    @property
    def rows(self):
        """The table: (category, [(series, value, text)], total, total text) per category."""
        result = []
        for index, category in enumerate(self.categories):
            cells = [(series, series.values[index], self.format(series.values[index])) for series in self.series]
            total = sum(value for _series, value, _text in cells)
            result.append((category, cells, total, self.format(total)))
        return result

    @property
    def series_totals(self):
        return [(series, sum(series.values), self.format(sum(series.values))) for series in self.series]

    @property
    def description(self):
        """The SVG's <desc>: what is shown, the largest bar, and where every number is."""
        if self.is_empty:
            return self.empty_message
        totals = self.totals
        largest = max(range(len(totals)), key=lambda index: totals[index])
        return _(
            "%(heading)s: %(count)s bars. The largest is %(category)s with %(value)s. "
            "The table below gives every number."
        ) % {
            "count": cldr.format_number(len(self.categories)),
            "heading": self.category_heading,
            "category": self.categories[largest].label,
            "value": self.format(totals[largest]),
        }

    # Geometry ------------------------------------------------------------------------------
    @cached_property
    def layout(self):
        if self.is_empty:
            return None
        if self.orientation == "horizontal":
            return _horizontal_layout(self)
        return _vertical_layout(self)


@dataclass
class Layout:
    width: int
    height: int
    bars: list = field(default_factory=list)
    gridlines: list = field(default_factory=list)
    labels: list = field(default_factory=list)
    baseline: tuple = (0, 0, 0, 0)


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    series: Series
    series_index: int
    category: Category
    value: object
    text: str


@dataclass(frozen=True)
class Label:
    x: float
    y: float
    text: str
    anchor: str = "middle"
    kind: str = "category"


@dataclass(frozen=True)
class Gridline:
    x1: float
    y1: float
    x2: float
    y2: float


def nice_ticks(maximum, target=5, whole=True):
    """Axis ticks from 0 past `maximum` in steps of 1, 2 or 5 × 10ⁿ (whole numbers for counts)."""
    maximum = float(maximum)
    if maximum <= 0:
        return [0, 1]
    raw = maximum / target
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    if whole:
        step = max(1, round(step))
    count = math.ceil(maximum / step)
    return [step * index for index in range(count + 1)]


def _r(value):
    return round(value, 1)


def _segments(chart, index, scale):
    """(series index, series, value, length) of one category's non-zero segments, in order."""
    for series_index, series in enumerate(chart.series):
        value = series.values[index]
        if value:
            yield series_index, series, value, float(value) * scale


def _bar_title(chart, series, category, value):
    if chart.stacked:
        return f"{category.label}, {series.label}: {chart.format(value)}"
    return f"{category.label}: {chart.format(value)}"


def _vertical_layout(chart):
    ticks = nice_ticks(max(chart.totals), whole=not chart.money)
    tick_texts = [chart.format_tick(tick) for tick in ticks]
    left = max(len(text) for text in tick_texts) * 8 + 12
    top, bottom, height = 24, 32, 300
    plot_width, plot_height = WIDTH - left - 8, height - top - bottom
    scale = plot_height / float(ticks[-1])
    count = len(chart.categories)
    band = plot_width / count
    bar_width = min(band * 0.7, 56)
    layout = Layout(width=WIDTH, height=height, baseline=(left, top + plot_height, WIDTH - 8, top + plot_height))
    for tick, text in zip(ticks, tick_texts, strict=True):
        y = _r(top + plot_height - float(tick) * scale)
        layout.gridlines.append(Gridline(left, y, WIDTH - 8, y))
        layout.labels.append(Label(left - 6, _r(y + FONT / 3), text, "end", "tick"))
    # Every n-th category label, so that labels never overlap (the table lists every one).
    widest = max(len(category.label) for category in chart.categories) * 7.5 + 6
    every = max(1, math.ceil(widest / band))
    show_totals = band >= max(len(chart.format(total)) for total in chart.totals) * 7 + 4
    for index, (category, total) in enumerate(zip(chart.categories, chart.totals, strict=True)):
        x = left + band * index + (band - bar_width) / 2
        y = top + plot_height
        for series_index, series, value, length in _segments(chart, index, scale):
            y -= length
            layout.bars.append(
                Bar(
                    _r(x),
                    _r(y),
                    _r(bar_width),
                    _r(length),
                    series,
                    series_index,
                    category,
                    value,
                    _bar_title(chart, series, category, value),
                )
            )
        centre = _r(x + bar_width / 2)
        if index % every == 0:
            layout.labels.append(Label(centre, top + plot_height + FONT + 6, category.label))
        if total and show_totals:
            layout.labels.append(Label(centre, _r(y - 5), chart.format(total), "middle", "total"))
    return layout


def _horizontal_layout(chart):
    ticks = nice_ticks(max(chart.totals), whole=not chart.money)
    tick_texts = [chart.format_tick(tick) for tick in ticks]
    right = max(len(chart.format(total)) for total in chart.totals) * 8 + 12
    top, row, bar_height = 28, 46, 20
    plot_width = WIDTH - right
    scale = plot_width / float(ticks[-1])
    height = top + row * len(chart.categories) + 4
    layout = Layout(width=WIDTH, height=height, baseline=(0, top, 0, height - 4))
    for tick, text in zip(ticks, tick_texts, strict=True):
        x = _r(float(tick) * scale)
        layout.gridlines.append(Gridline(x, top, x, height - 4))
        anchor = "start" if tick == ticks[0] else "end" if tick == ticks[-1] else "middle"
        layout.labels.append(Label(x, top - 10, text, anchor, "tick"))
    for index, (category, total) in enumerate(zip(chart.categories, chart.totals, strict=True)):
        label_y = top + row * index + FONT + 4
        bar_y = label_y + 6
        layout.labels.append(Label(0, label_y, category.label, "start"))
        x = 0.0
        for series_index, series, value, length in _segments(chart, index, scale):
            layout.bars.append(
                Bar(
                    _r(x),
                    bar_y,
                    _r(length),
                    bar_height,
                    series,
                    series_index,
                    category,
                    value,
                    _bar_title(chart, series, category, value),
                )
            )
            x += length
        layout.labels.append(Label(_r(x + 6), bar_y + bar_height - 5, chart.format(total), "start", "total"))
    return layout
