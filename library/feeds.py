"""Atom 1.0 feeds of the newest resources of a library, optionally of one thematic area.

`<library>/feed/` and `<library>/feed/?area=<thematic area slug>`; the library index and the
thematic area pages announce them with `<link rel="alternate" type="application/atom+xml">`.
"""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext as _

from hub.models import ThematicArea

FEED_SIZE = 50


class ResourceFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, index_page):
        area = None
        slug = request.GET.get("area", "").strip()
        if slug:
            area = ThematicArea.objects.default_locale().filter(slug=slug).first()
            if area is None:
                raise Http404(_("There is no thematic area %(slug)s.") % {"slug": slug})
        self.request = request
        return {"library": index_page, "area": area}

    def title(self, obj):
        library = obj["library"].title
        if obj["area"]:
            return _("%(library)s: new resources on %(area)s") % {
                "library": library,
                "area": obj["area"].localized.name,
            }
        return _("%(library)s: new resources") % {"library": library}

    def subtitle(self, obj):
        return obj["library"].intro or None

    def link(self, obj):
        return obj["library"].get_full_url(self.request)

    def feed_url(self, obj):
        url = obj["library"].get_full_url(self.request) + "feed/"
        return f"{url}?area={obj['area'].slug}" if obj["area"] else url

    def feed_guid(self, obj):
        return self.feed_url(obj)

    def author_name(self, obj):
        # Atom needs an author on the feed or on every entry; entries without authors inherit this.
        site = obj["library"].get_site()
        return site.site_name if site and site.site_name else obj["library"].title

    def items(self, obj):
        resources = obj["library"].get_resources()
        if obj["area"]:
            resources = resources.filter(thematic_areas=obj["area"])
        resources = resources.select_related("resource_type").prefetch_related("authors", "thematic_areas", "tags")
        return list(resources.order_by("-first_published_at", "-pk")[:FEED_SIZE])

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        # Atom1Feed marks the summary as HTML; the summary is plain text, so escape it.
        return escape(item.summary or item.listing_summary)

    def item_link(self, item):
        return item.get_full_url(self.request)

    def item_guid(self, item):
        return item.get_full_url(self.request)

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at or item.updated

    def item_author_name(self, item):
        names = [author.name for author in item.authors.all()]
        if not names and (item.publisher_id or item.publisher_name):
            names = [item.publisher_display]
        return "; ".join(names) or None

    def item_categories(self, item):
        terms = [item.resource_type.name]
        terms += [area.name for area in item.thematic_areas.all()]
        terms += [tag.name for tag in item.tags.all()]
        return list(dict.fromkeys(terms))


def library_feed_response(request, index_page):
    return ResourceFeed()(request, index_page=index_page)
