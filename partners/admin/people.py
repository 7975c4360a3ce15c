"""A partner organisation's people in the admin: who they are, when invited, when they joined.

Knowledge managers (partners.add_contributor, partners/spaces.py) invite a person with the
"add" form: it creates the user and e-mails a single-use link (partners/invitations.py). A row
cannot be deleted here: a user left in the organisation's group without a Contributor row would
no longer be confined to its space; a person leaves by having their user account deactivated.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.ui.menus import MenuItem
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView

import django_filters

from hub.admin_exports import SafeExportIndexView, SafeExportSnippetViewSet

from ..invitations import invite, send_invitation
from ..models import Contributor, Organisation

User = get_user_model()


class InvitationForm(WagtailAdminModelForm):
    """Whom to invite: creates the user and their membership, then e-mails the link (save())."""

    email = forms.EmailField(label=_("E-mail address"), help_text=_("The invitation is sent here."))
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        required=False,
        validators=[UnicodeUsernameValidator()],
        help_text=_("What they sign in with. Leave empty to use the e-mail address."),
    )
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        choices=[("", _("The site's default")), *settings.LANGUAGES],
        help_text=_("Of the invitation e-mail and of their admin."),
    )

    class Meta:
        model = Contributor
        fields = ["organisation"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Source rows only (people belong to those), and not a deactivated one.
        self.fields["organisation"].queryset = Organisation.objects.default_locale().active()
        self.fields["organisation"].error_messages["invalid_choice"] = _(
            "Choose an active organisation: a deactivated one cannot have new people."
        )

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("A user with this e-mail address exists already."))
        return email

    def clean(self):
        cleaned = super().clean()
        username = (cleaned.get("username") or cleaned.get("email") or "").strip()
        if username and User.objects.filter(username__iexact=username).exists():
            self.add_error("username", _("This username is taken; choose another."))
        cleaned["username"] = username
        return cleaned

    def save(self, commit=True):
        data = self.cleaned_data
        self.instance = invite(
            data["organisation"],
            email=data["email"],
            username=data["username"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            language=data["language"],
            invited_by=self.for_user,
        )
        return self.instance


class ContributorFilterSet(WagtailFilterSet):
    organisation = django_filters.ModelChoiceFilter(
        label=_("organisation"), queryset=lambda request: Organisation.objects.default_locale()
    )
    joined = django_filters.BooleanFilter(
        label=_("has joined"), field_name="joined_at", lookup_expr="isnull", exclude=True
    )

    class Meta:
        model = Contributor
        fields = ["organisation"]


class NoDeletePermissionPolicy(ModelPermissionPolicy):
    def user_has_permission(self, user, action):
        return action != "delete" and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission([action for action in actions if action != "delete"])


class ContributorIndexView(SafeExportIndexView):
    add_item_label = _("Invite a person")

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if instance.joined_at is None and self.permission_policy.user_has_permission(self.request.user, "add"):
            url = reverse("partners_contributor:resend", args=(instance.pk,))
            buttons.append(MenuItem(_("Resend invitation"), url=url, icon_name="mail", priority=25))
        return buttons


class InviteView(CreateView):
    page_title = _("Invite")
    success_message = _("Invitation e-mailed to %(object)s.")


def resend_invitation(request, pk):
    """Confirm (GET), then e-mail a fresh link (POST) to someone who has not joined yet."""
    if not request.user.has_perm("partners.add_contributor"):
        raise PermissionDenied
    contributor = get_object_or_404(Contributor.objects.select_related("user", "organisation"), pk=pk)
    index_url = reverse("partners_contributor:list")
    if contributor.joined_at is not None:
        messages.error(request, _("%(user)s has joined already.") % {"user": contributor.user})
        return redirect(index_url)
    if request.method == "POST":
        send_invitation(contributor, invited_by=request.user)
        messages.success(request, _("A new invitation was sent to %(email)s.") % {"email": contributor.user.email})
        return redirect(index_url)
    context = {
        "contributor": contributor,
        "index_url": index_url,
        "days": settings.PARTNER_INVITATION_DAYS,
        "page_title": _("Resend invitation"),
        "header_title": _("Resend invitation"),
        "header_icon": "mail",
    }
    return TemplateResponse(request, "partners/invitation_resend.html", context)


class ContributorViewSet(SafeExportSnippetViewSet):
    model = Contributor
    icon = "user"
    menu_label = _("Partner people")
    menu_order = 241
    add_to_admin_menu = True
    url_namespace = "partners_contributor"
    url_prefix = "partners/people"
    search_backend_name = None  # a plain database filter; see hub/wagtail_hooks.py
    search_fields = ["user__username", "user__email", "user__first_name", "user__last_name", "organisation__name"]
    list_display = ["user", "organisation", "invited_by", "invited_at", "joined_at"]
    list_export = ["user", "organisation", "invited_by", "invited_at", "joined_at"]
    filterset_class = ContributorFilterSet
    index_view_class = ContributorIndexView
    add_view_class = InviteView
    copy_view_enabled = False
    # Editing shows the record; who a person is and their organisation are set when inviting.
    panels = [
        FieldPanel("user", read_only=True),
        FieldPanel("organisation", read_only=True),
        FieldRowPanel([FieldPanel("invited_by", read_only=True), FieldPanel("invited_at", read_only=True)]),
        FieldPanel("joined_at", read_only=True),
    ]
    invite_panels = ObjectList(
        [
            FieldPanel("organisation"),
            FieldPanel("email"),
            FieldRowPanel([FieldPanel("first_name"), FieldPanel("last_name")]),
            FieldPanel("username"),
            FieldPanel("language"),
        ],
        base_form_class=InvitationForm,
    )

    def get_add_view_kwargs(self, **kwargs):
        panel = self.invite_panels.bind_to_model(self.model)
        return super().get_add_view_kwargs(panel=panel, form_class=panel.get_form_class(), **kwargs)

    def get_queryset(self, request):
        return Contributor.objects.select_related("user", "organisation", "invited_by")

    def get_urlpatterns(self):
        return [*super().get_urlpatterns(), path("resend/<int:pk>/", resend_invitation, name="resend")]


register_permission_policy(Contributor, NoDeletePermissionPolicy(Contributor), exact_class=True)
register_snippet(ContributorViewSet)
