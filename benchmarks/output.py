"""The benchmark's output: lines written at once, and the table of figures."""

import math
import sys


def say(text=""):
    """A line of output, flushed (parent and child processes write to the same terminal)."""
    sys.stdout.write(f"{text}\n")
    sys.stdout.flush()


def percentile(samples, fraction):
    """Nearest-rank percentile of seconds, in milliseconds (None without samples)."""
    if not samples:
        return None
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)] * 1000


def milliseconds(value):
    return "—" if value is None else (f"{value:.1f}" if value < 100 else f"{value:.0f}")


def ratio(numerator, denominator):
    if numerator is None or not denominator:
        return "—"
    return f"{numerator / denominator:.2f}"


def table(headers, rows):
    """A plain-text table, columns padded to their widest cell, numbers right-aligned."""
    widths = [max(len(str(cell)) for cell in column) for column in zip(headers, *rows, strict=True)]

    def line(cells):
        out = []
        for cell, width in zip(cells, widths, strict=True):
            text = str(cell)
            numeric = text[:1].isdigit() or text == "—"
            out.append(text.rjust(width) if numeric else text.ljust(width))
        return "  ".join(out).rstrip()

    rule = "  ".join("-" * width for width in widths)
    return "\n".join([line(headers), rule, *(line(row) for row in rows)])
