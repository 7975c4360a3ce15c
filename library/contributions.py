"""A resource's contributing organisation follows it when it is moved.

ResourcePage.save() sets `contributed_by` from the page's parent, but Wagtail's move saves a
plain Page; without this a resource moved out of (or into) a partner's space would keep its old
provenance, in the admin and in search, until its next publication.
"""

from django.dispatch import receiver

from wagtail.signals import post_page_move

from partners.models import ContributionSpacePage

from .models import ResourcePage


@receiver(post_page_move)
def contributed_by_follows_a_move(sender, instance, parent_page_before, parent_page_after, **kwargs):
    if parent_page_before.pk == parent_page_after.pk or not issubclass(instance.specific_class, ResourcePage):
        return
    organisation_id = (
        ContributionSpacePage.objects.filter(pk=parent_page_after.pk).values_list("organisation_id", flat=True).first()
    )
    # Every language version records the same contributor (a synchronised field).
    ResourcePage.objects.filter(translation_key=instance.translation_key).update(contributed_by_id=organisation_id)
