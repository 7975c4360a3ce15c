"""Accepting an invitation: an anonymous visitor follows the e-mailed link and sets a password.

Django's PasswordResetConfirmView with our token generator (partners/invitations.py). It lives
outside /admin/ (exchange_platform/urls.py) because Wagtail requires a signed-in user there. A
link is refused with a page saying why, and nothing changes, when it is forged, already used,
expired, not for a contributor, or for an organisation that has been deactivated.
"""

from django.contrib import messages
from django.contrib.auth.views import INTERNAL_RESET_SESSION_TOKEN, PasswordResetConfirmView
from django.urls import reverse_lazy
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from .invitations import EXPIRED, INVALID, invitation_tokens, preferred_language
from .models import Contributor

REFUSALS = {
    # reason: (status, message)
    # Not 404: LocaleMiddleware would turn it into a redirect to /<language>/partners/invitation/….
    "invalid": (400, _("This invitation link is not valid. Check that you copied the whole link from the e-mail.")),
    "used": (410, _("This invitation has already been used. Sign in with the password you set.")),
    "expired": (410, _("This invitation link has expired. Ask the secretariat's knowledge managers for a new one.")),
    "inactive": (
        410,
        _("Your organisation's access to the platform has been suspended. Contact the secretariat for details."),
    ),
}


class AcceptInvitationView(PasswordResetConfirmView):
    token_generator = invitation_tokens
    template_name = "partners/invitation.html"
    success_url = reverse_lazy("wagtailadmin_login")
    title = _("Join the platform")

    def dispatch(self, request, *args, **kwargs):
        self.refusal, self.validlink = None, False
        self.user = user = self.get_user(kwargs.get("uidb64", ""))
        membership = Contributor.objects.filter(user=user).select_related("organisation").first() if user else None
        self.language = preferred_language(user) if membership else None
        with translation.override(self.language or translation.get_language()):
            self.refusal = self.refusal_for(user, membership, kwargs.get("token", ""))
            if self.refusal:
                return self.render_to_response(self.get_context_data(form=None))
            response = super().dispatch(request, *args, **kwargs)
            if hasattr(response, "render"):
                response.render()  # in the person's language, while it is active
            return response

    def refusal_for(self, user, membership, token):
        if membership is None:
            return "invalid"
        if not membership.organisation.active:
            return "inactive"
        if token == self.reset_url_token:
            token = self.request.session.get(INTERNAL_RESET_SESSION_TOKEN)
        status = invitation_tokens.status(user, token)
        if status == INVALID:
            # The hash covers the password: a link that was genuine stops matching once used.
            return "used" if membership.joined_at else "invalid"
        if status == EXPIRED:
            return "expired"
        return None

    def render_to_response(self, context, **response_kwargs):
        if self.refusal:
            response_kwargs["status"] = REFUSALS[self.refusal][0]
        return super().render_to_response(context, **response_kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.refusal:
            context.update(
                {
                    "form": None,
                    "validlink": False,
                    "refusal": REFUSALS[self.refusal][1],
                    "title": _("Invitation refused"),
                }
            )
        else:
            context["organisation"] = self.user.partner_membership.organisation
        return context

    def form_valid(self, form):
        response = super().form_valid(form)
        Contributor.objects.filter(user=self.user, joined_at__isnull=True).update(joined_at=timezone.now())
        messages.success(self.request, _("Your password is set. Sign in with your username and the new password."))
        return response
