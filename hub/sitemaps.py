"""sitemap.xml for every locale tree of the requested site.

Wagtail's sitemap lists only the site's root tree (English here). Translated trees are
listed too; alias pages (untranslated copies that wagtail-localize keeps in sync) are left
out, since they duplicate the source page's content.
"""

from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page


class LocalizedSitemap(Sitemap):
    def items(self):
        root = self.get_wagtail_site().root_page
        roots = root.get_translations(inclusive=True)
        pages = Page.objects.none()
        for locale_root in roots:
            pages |= Page.objects.descendant_of(locale_root, inclusive=True)
        return pages.live().public().filter(alias_of__isnull=True).order_by("path").defer_streamfields().specific()
