"""Chart tags: `{% load charts %}`, then

    {% party_funding_chart projects %}    a Party's projects and funding by year and programme
    {% area_resources_chart page %}       a thematic area's resources by type
    {% bar_chart chart %}                 any hub.charts.BarChart
    {% data_page as data_page %}          the site's facts-and-figures page in the page's locale

The numbers and the geometry come from hub/charts.py; the templates only print them.
"""

from django import template

from wagtail.models import Site

from hub import charts
from hub.localization import in_locale

register = template.Library()


@register.inclusion_tag("hub/includes/bar_chart.html")
def bar_chart(chart):
    return {"chart": chart}


@register.inclusion_tag("hub/includes/party_funding_chart.html")
def party_funding_chart(projects):
    """Two charts of the given projects (a Party's): how many per year and programme, and the
    grants in US dollars where recorded, each with its table."""
    return {"funding": charts.party_funding(projects, key="party-projects")}


@register.inclusion_tag("hub/includes/bar_chart.html")
def area_resources_chart(page):
    """The resources tagged with a thematic area page's area, per type, in the page's locale."""
    return {"chart": charts.area_resources_by_type(page.area, page.locale)}


@register.simple_tag(takes_context=True)
def data_page(context):
    """The live facts-and-figures page of the current site, in the shown page's locale, or None.

    Found under the site's root (the source-locale home) and mapped to the locale, as every
    listing is (hub/localization.py).
    """
    from hub.models import DataPage

    page = context.get("page")
    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    pages = DataPage.objects.child_of(site.root_page) if site else DataPage.objects.all()
    return in_locale(pages.order_by("path"), getattr(page, "locale", None)).first()
