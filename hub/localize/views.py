"""Admin views for reviewing machine translations (hub/localize/review.py)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wagtail.admin import messages
from wagtail.models import Page

from .review import machine_translated_pages, mark_reviewed


def machine_translations_report(request):
    rows = [
        {"page": page, "strings": count, "can_review": page.permissions_for_user(request.user).can_edit()}
        for page, count in machine_translated_pages()
    ]
    return TemplateResponse(
        request,
        "hub/admin/machine_translations.html",
        {"rows": rows, "page_title": _("Machine translations to review"), "header_icon": "globe"},
    )


@require_POST
def mark_machine_translation_reviewed(request, page_id):
    page = get_object_or_404(Page, pk=page_id)
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    count = mark_reviewed(page, request.user)
    messages.success(
        request,
        _("'%(title)s' (%(language)s) marked as reviewed: %(count)d strings.")
        % {"title": page.get_admin_display_title(), "language": page.locale.get_display_name(), "count": count},
    )
    return redirect("hub_machine_translations")
