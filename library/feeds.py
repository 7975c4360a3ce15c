"""Atom 1.0 feeds of the newest resources of a library, optionally of one thematic area.

`<library>/feed/` and `<library>/feed/?area=<thematic area slug>`; the library index and the
thematic area pages announce them with `<link rel="alternate" type="application/atom+xml">`.
"""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext as _

from hub.localization import default_language_code, in_locale, source_selection
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
        """The library's newest resources, in its locale; an area's are selected on the
        source-locale pages, which carry the tags (hub/localization.py)."""
        library = obj["library"]
        resources = library.get_resources()
        if obj["area"]:
            tagged = source_selection(obj["area"].resourcepage_set.all())
            resources = resources.filter(translation_key__in=tagged.values("translation_key"))
        resources = resources.select_related("resource_type").prefetch_related("authors")
        items = list(resources.order_by("-first_published_at", "-pk")[:FEED_SIZE])
        self._categories = self._categories_for(items, library.locale)
        return items

    def _categories_for(self, items, locale):
        """{translation key: category names}: the type, areas and keywords of each item's
        source-locale page, named in the feed's locale where the term is translated."""
        from .models import ResourcePage

        keys = [item.translation_key for item in items]
        sources = (
            ResourcePage.objects.filter(translation_key__in=keys, locale__language_code=default_language_code())
            .select_related("resource_type")
            .prefetch_related("thematic_areas", "tags")
        )
        by_key = {source.translation_key: source for source in sources}
        pages = [by_key.get(item.translation_key, item) for item in items]
        terms = [page.resource_type for page in pages] + [area for page in pages for area in page.thematic_areas.all()]
        names = {(type(term), term.translation_key): term.name for term in terms}
        names.update({(type(term), term.translation_key): term.name for term in in_locale(terms, locale)})
        categories = {}
        for item, page in zip(items, pages, strict=True):
            page_terms = [page.resource_type, *page.thematic_areas.all()]
            found = [names[(type(term), term.translation_key)] for term in page_terms]
            found += [tag.name for tag in page.tags.all()]
            categories[item.translation_key] = list(dict.fromkeys(found))
        return categories

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
        return getattr(self, "_categories", {}).get(item.translation_key, [])


def library_feed_response(request, index_page):
    return ResourceFeed()(request, index_page=index_page)
