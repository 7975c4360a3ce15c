"""sitemap.xml for every locale tree of the requested site, with hreflang alternates.

Wagtail's sitemap lists only the site's root tree (English here). Translated trees are listed
too; alias pages (untranslated copies that wagtail-localize keeps in sync) are left out: their
canonical link names the source page. Each URL carries the same alternates as the page's
hreflang links (hub_tags.alternate_links): its real translations and x-default.
"""

from collections import defaultdict

from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page

from hub.content_language import hreflang_alternates


class LocalizedSitemap(Sitemap):
    def items(self):
        root = self.get_wagtail_site().root_page
        roots = root.get_translations(inclusive=True)
        pages = Page.objects.none()
        for locale_root in roots:
            pages |= Page.objects.descendant_of(locale_root, inclusive=True)
        return pages.live().public().filter(alias_of__isnull=True).order_by("path").defer_streamfields().specific()

    def _urls(self, page, protocol, domain):
        items = list(self.paginator.page(page).object_list)
        # One query for every translation of this sitemap page's items, wherever they sit.
        translations = defaultdict(list)
        others = (
            Page.objects.filter(translation_key__in={item.translation_key for item in items})
            .live()
            .public()
            .filter(alias_of__isnull=True)
            .select_related("locale")
            .order_by("locale__language_code")
        )
        for other in others:
            translations[other.translation_key].append(other)
        urls = []
        last_mods = set()
        for item in items:
            alternates = [
                {"lang_code": code, "location": url}
                for code, url in hreflang_alternates(translations[item.translation_key], self.request)
            ]
            for url_info in item.get_sitemap_urls(self.request):
                if alternates:
                    url_info = {**url_info, "alternates": alternates}
                urls.append(url_info)
                last_mods.add(url_info.get("lastmod"))
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return urls
