from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from django.utils import timezone
from django.views.decorators.http import last_modified
from django.views.i18n import JavaScriptCatalog

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from exchange_platform import api_docs
from exchange_platform.api import api_router
from exchange_platform.media import serve_public_media
from hub import views as hub_views
from hub.sitemaps import LocalizedSitemap
from library.oai import views as oai_views
from partners.views_invitations import AcceptInvitationView
from search import api as search_api
from search import views as search_views

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("healthz", hub_views.healthz, name="healthz"),
    path("robots.txt", hub_views.robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": LocalizedSitemap}}, name="sitemap"),
    path("api/", api_docs.docs, name="api_docs"),
    path("api/schema/", api_docs.schema, name="api_schema"),
    path("api/v2/", api_router.urls),
    path("api/search/", search_api.search, name="search_api"),
    path("api/search/suggest/", search_api.suggest, name="search_suggest"),
    path("oai/", oai_views.endpoint, name="oai"),
    path("api/informea/", include("library.informea.urls")),
    # Outside /admin/ (Wagtail requires a signed-in user there) and outside /<locale>/partners/.
    path(
        "partners/invitation/<uidb64>/<token>/",
        AcceptInvitationView.as_view(),
        name="partners_invitation",
    ),
]

# Images only, in every profile; documents go through /documents/ (exchange_platform/media.py).
# Production puts a web server in front that serves the same folders (docs/architecture.md).
urlpatterns += [re_path(r"^media/(?P<path>.+)$", serve_public_media, name="public_media")]

urlpatterns += [path("", hub_views.language_redirect, name="language_redirect")]

# The JavaScript catalogue (static/js/*.js call gettext): our djangojs messages only. Django
# always merges LOCALE_PATHS; naming one of our apps keeps out the catalogues of Wagtail's and
# Django's admin, which visitors' pages never use. The catalogue changes only with a deploy, so
# browsers revalidate it against the time this process started (304 until the next restart).
JS_CATALOGUE_SINCE = timezone.now()
javascript_catalogue = last_modified(lambda request, **kwargs: JS_CATALOGUE_SINCE)(
    JavaScriptCatalog.as_view(packages=["hub"])
)

# Public pages live under /<locale>/ (contracts §2); `/` redirects by Accept-Language.
urlpatterns += i18n_patterns(
    path("jsi18n/", javascript_catalogue, name="javascript-catalog"),
    path("search/", search_views.search, name="search"),
    path("search/export/", search_views.search_export, name="search_export"),
    path("search/feed/", search_views.search_feed, name="search_feed"),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

handler404 = "hub.views.page_not_found"
handler500 = "hub.views.server_error"
