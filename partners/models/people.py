"""The people of a partner organisation: who may contribute for it, and how they were invited."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Contributor(models.Model):
    """A user who contributes for one organisation (its source-locale row).

    Their rights come from the organisation's group (partners/spaces.py); this row says which
    organisation they speak for, so the admin can confine them to its space and a deactivated
    organisation blocks them at once (partners/auth.py).
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="partner_membership", verbose_name=_("user")
    )
    organisation = models.ForeignKey(
        "partners.Organisation", on_delete=models.CASCADE, related_name="contributors", verbose_name=_("organisation")
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("invited by"),
    )
    invited_at = models.DateTimeField(_("invited at"), null=True, blank=True)
    joined_at = models.DateTimeField(_("joined at"), null=True, blank=True, help_text=_("When they set a password."))

    class Meta:
        ordering = ["organisation__name", "user__username"]
        verbose_name = _("partner contributor")
        verbose_name_plural = _("partner contributors")

    def __str__(self):
        return f"{self.user} ({self.organisation})"
