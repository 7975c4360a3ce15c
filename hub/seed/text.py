"""Small text helpers the seed loaders share: slugs that fit a field, date ranges as prose."""

from django.utils.text import slugify


def truncate_slug(text, length=80):
    slug = slugify(text)
    if len(slug) <= length:
        return slug
    return slug[:length].rsplit("-", 1)[0]


def date_range_text(start, end):
    """Dates as prose: "1 to 5 November 2021", "21 March to 2 April 2022", or across years."""
    if end is None or end == start:
        return f"{start.day} {start:%B %Y}"
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day} to {end.day} {end:%B %Y}"
    if start.year == end.year:
        return f"{start.day} {start:%B} to {end.day} {end:%B %Y}"
    return f"{start.day} {start:%B %Y} to {end.day} {end:%B %Y}"
