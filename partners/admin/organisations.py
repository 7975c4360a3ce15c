"""Deleting an organisation: refused while its space holds contributions (deactivate it instead)."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from wagtail import hooks
from wagtail.admin.admin_url_finder import AdminURLFinder

from partners.models import ContributionSpacePage, Organisation


def has_contributions(organisation):
    source = organisation.source
    spaces = ContributionSpacePage.objects.filter(organisation=source)
    return source.contributions.exists() or any(space.get_children().exists() for space in spaces)


@hooks.register("before_delete_snippet")
def keep_organisations_with_contributions(request, instances):
    kept = [obj for obj in instances if isinstance(obj, Organisation) and has_contributions(obj)]
    if not kept:
        return None
    for organisation in kept:
        messages.error(
            request,
            _("%(name)s has contributions in its space and cannot be deleted; deactivate it instead.")
            % {"name": organisation},
        )
    return redirect(AdminURLFinder(request.user).get_edit_url(kept[0]) or "wagtailadmin_home")
