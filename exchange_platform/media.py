"""The only uploads served straight from MEDIA_ROOT: Wagtail's images (originals and renditions).

Wagtail images have no privacy, so their files may be public. Documents, and anything else
stored under MEDIA_ROOT (import files, exports), never are: documents go through Wagtail's
document view (`/documents/<id>/<name>`), which applies collection privacy and counts downloads.
"""

import posixpath

from django.conf import settings
from django.http import Http404
from django.utils.translation import gettext as _
from django.views.static import serve

# Wagtail's own folders: Image.get_upload_to() and Rendition.get_upload_to().
PUBLIC_MEDIA_FOLDERS = frozenset({"original_images", "images"})


def serve_public_media(request, path):
    # Normalise first, so "images/../documents/x.pdf" cannot reach a document.
    normalised = posixpath.normpath(path).lstrip("/")
    folder, _separator, rest = normalised.partition("/")
    if folder not in PUBLIC_MEDIA_FOLDERS or not rest:
        raise Http404(_("No such file."))
    return serve(request, normalised, document_root=settings.MEDIA_ROOT)
