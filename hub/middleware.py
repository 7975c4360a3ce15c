"""Locale prefixes: an unknown language answers 404 where it is asked, not a redirect.

Django's LocaleMiddleware answers a 404 under no known prefix by redirecting to the same path
under the visitor's language, if that path resolves; Wagtail's catch-all route resolves every
path, so `/de/` became a redirect to `/fr/de/` and only then a 404. A first segment that is a
language code Django knows but the site does not offer is a wrong prefix: answer 404 at once,
in the visitor's language (chosen from Accept-Language as usual). Other paths (`/library/`)
keep Django's redirect to `/<language>/library/`, except the machine interfaces outside the
language prefixes (`/api/…`, `/oai/`): their 404 is an answer in their own format (an OData or
API v2 error body), which a redirect to an HTML page would hide from the client.
"""

import re

from django.conf import settings
from django.conf.locale import LANG_INFO
from django.middleware.locale import LocaleMiddleware

UNPREFIXED_INTERFACES = ("/api/", "/oai/")
_FIRST_SEGMENT = re.compile(r"^/([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*)(?:/|$)")


def unknown_language_prefix(path):
    match = _FIRST_SEGMENT.match(path)
    if not match:
        return False
    code = match.group(1).lower().replace("_", "-")
    offered = {language.lower() for language, _name in settings.LANGUAGES}
    known = code in LANG_INFO or code.split("-")[0] in LANG_INFO
    return known and code not in offered


class SiteLocaleMiddleware(LocaleMiddleware):
    def process_response(self, request, response):
        if response.status_code == 404 and request.path_info.startswith(UNPREFIXED_INTERFACES):
            return response
        if response.status_code == 404 and unknown_language_prefix(request.path_info):
            response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
            self._vary_on_accept_language(response)
            return response
        return super().process_response(request, response)

    @staticmethod
    def _vary_on_accept_language(response):
        from django.utils.cache import patch_vary_headers

        patch_vary_headers(response, ("Accept-Language", "Cookie"))
