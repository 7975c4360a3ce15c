"""An organisation gets its contribution space, group and collection when it is created."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from wagtail.models import Locale

from .models import Organisation


@receiver(post_save, sender=Organisation)
def create_contribution_space(sender, instance, created, raw=False, **kwargs):
    if raw or not created or instance.locale_id != Locale.get_default().pk:
        return
    from .spaces import ensure_space

    ensure_space(instance)
