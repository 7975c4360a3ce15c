"""The document upload form: Wagtail's, plus checks on what the file really is."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from wagtail.documents.forms import BaseDocumentForm

from .files.checks import check_upload


class SafeDocumentForm(BaseDocumentForm):
    """Refuses files whose content does not match an allowed type (contracts: bad input)."""

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if not uploaded or "file" not in self.changed_data:
            return uploaded
        limit = settings.WAGTAILDOCS_MAX_UPLOAD_SIZE
        if uploaded.size > limit:
            raise ValidationError(
                _("This file is %(size)s; the limit is %(limit)s.")
                % {"size": filesizeformat(uploaded.size), "limit": filesizeformat(limit)}
            )
        check_upload(uploaded, uploaded.name)
        return uploaded
