"""Library → Import resources: the import of CONTRACTS.md §4, uploaded in the admin.

Knowledge managers upload the same CSV or JSON file the `import_resources` command reads (or a
ZIP holding that file and the files its `file` column names), tick "dry run" to check it first,
and get the same report: the counts, a table of the failed rows, and the rows saved as drafts.
Only people who may add resources to the Minamata library see the menu item or may post the
form; the import applies their page permissions (library.importing.applying), so a user who may
not publish there gets drafts, submitted to the library's workflow. A partner organisation's user
may upload too (page permission "add" in their contribution space): their rows always go into their
own space as drafts, each submitted for review (library.importing.runner.contribution_target).

The file is checked here (readable, within the row limit), then imported by a background task
(library.importing.jobs) whose progress and report are on the job's own page, which reloads
itself until the job is done and only its owner and superusers may open.
"""

import logging
import tempfile
from pathlib import Path

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import filesizeformat
from django.urls import path, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, FormView

from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from library.files.checks import check_upload
from library.importing import ImportFileError, ImportReport
from library.importing.applying import find_library
from library.importing.jobs import read_upload, run_import_job
from library.importing.reading import FORMATS
from library.models import ImportJob
from partners import spaces

# Admin imports go row by row through Wagtail's page API, in a background task: the admin takes
# files of a few thousand rows; larger ones go through the import_resources command.
DEFAULT_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
MAX_ROWS = 2000
LIBRARY_MENU_HOOK = "register_library_menu_item"
logger = logging.getLogger(__name__)


def max_upload_size():
    return getattr(settings, "LIBRARY_IMPORT_MAX_UPLOAD_SIZE", DEFAULT_MAX_UPLOAD_SIZE)


def recent_jobs(user, limit=20):
    """The latest import jobs `user` may open (their own; every user's for a superuser), newest first."""
    jobs = ImportJob.objects.select_related("user").defer("upload", "report")
    if not user.is_superuser:
        jobs = jobs.filter(user=user)
    return jobs[:limit]


def partner_space(user):
    """The contribution space a partner user's import goes into (None: not a partner user, or no space)."""
    if not spaces.is_partner_user(user):
        return None
    organisation = spaces.organisation_of(user)
    return spaces.space_of(organisation) if organisation.active else None


def can_import(user):
    """May `user` add resources to the Minamata library (page permission "add" there), or, for a
    partner's user, to their organisation's contribution space?"""
    if not user.is_authenticated:
        return False
    if spaces.is_partner_user(user):
        space = partner_space(user)
        return space is not None and space.permissions_for_user(user).can_add_subpage()
    try:
        library = find_library()
    except ImportFileError:
        return user.is_superuser  # they may create the library; the view then explains what is missing
    return library.permissions_for_user(user).can_add_subpage()


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Import file"),
        help_text=gettext_lazy(
            "A .csv or .json file in the library import format, or a .zip holding one such file and the "
            "files its `file` column names (paths relative to the import file)."
        ),
    )
    dry_run = forms.BooleanField(
        label=gettext_lazy("Dry run: check the file and report, without changing anything"),
        required=False,
        initial=True,
        help_text=gettext_lazy("Untick to import for real once the report shows no problems."),
    )

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        limit = max_upload_size()
        if uploaded.size > limit:
            raise ValidationError(
                _("This file is %(size)s; the limit is %(limit)s. Import larger files with the command line.")
                % {"size": filesizeformat(uploaded.size), "limit": filesizeformat(limit)}
            )
        suffix = Path(uploaded.name).suffix.lower().lstrip(".")
        if suffix not in (*FORMATS, "zip"):
            raise ValidationError(_("Upload a .csv, .json or .zip file."))
        if suffix == "zip":
            check_upload(uploaded, uploaded.name)  # a real ZIP, and no zip bomb
        return uploaded


class ImportResourcesView(WagtailAdminTemplateMixin, FormView):
    page_title = gettext_lazy("Import resources")
    header_icon = "upload"
    template_name = "library/admin/import_form.html"
    report_template_name = "library/admin/import_report.html"
    form_class = ImportForm
    _show_breadcrumbs = True

    def dispatch(self, request, *args, **kwargs):
        if not can_import(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["max_upload_size"] = max_upload_size()
        context["columns_help"] = COLUMNS_HELP
        context["recent_jobs"] = recent_jobs(self.request.user)
        context["contribution_space"] = partner_space(self.request.user)
        return context

    def form_valid(self, form):
        uploaded, dry_run = form.cleaned_data["file"], form.cleaned_data["dry_run"]
        content = uploaded.read()
        try:
            # Checked now, so a file that cannot be read at all is a form error, not a failed job.
            with tempfile.TemporaryDirectory(prefix="library-import-check-") as folder:
                source, _base_dir = read_upload(uploaded.name, content, folder)
            if len(source.rows) > MAX_ROWS:
                raise ImportFileError(
                    _(
                        "This file has %(count)s rows; the admin imports up to %(limit)s at a time. Split it, "
                        "or ask an operator to run the import_resources command."
                    )
                    % {"count": len(source.rows), "limit": MAX_ROWS}
                )
        except ImportFileError as error:
            form.add_error("file", str(error))
            return self.form_invalid(form)
        job = ImportJob.objects.create(
            user=self.request.user,
            file_name=Path(uploaded.name).name[:255],
            dry_run=dry_run,
            upload=content,
            rows_total=len(source.rows),
        )
        try:
            run_import_job.enqueue(job.pk)
        except Exception:  # noqa: BLE001 - a queue outage is shown on the job's page, not as a 500
            logger.exception("Could not queue library import job %s", job.pk)
            ImportJob.objects.filter(pk=job.pk).update(
                status=ImportJob.Status.FAILED,
                upload=b"",
                message=_("The import could not be queued; try again later or ask an administrator."),
            )
        return redirect("library_import_job", pk=job.pk)


class ImportJobView(WagtailAdminTemplateMixin, DetailView):
    """Progress, then the report, of one import job; reloads itself (no JavaScript) until done."""

    page_title = gettext_lazy("Import resources")
    header_icon = "upload"
    template_name = "library/admin/import_job.html"
    context_object_name = "job"
    _show_breadcrumbs = True
    refresh_seconds = 3

    def get_object(self, queryset=None):
        job = get_object_or_404(ImportJob, pk=self.kwargs["pk"])
        if not job.visible_to(self.request.user):
            raise Http404  # another user's job: not even its existence is shown
        return job

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse_lazy("library_import"), "label": self.page_title},
            {"url": "", "label": self.object.file_name},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        job = self.object
        context["refresh_seconds"] = None if job.finished else self.refresh_seconds
        context["report"] = ImportReport.from_dict(job.report) if job.status == ImportJob.Status.DONE else None
        context["file_name"] = job.file_name
        # The upload form below the report, to import another file.
        context.update(
            form=ImportForm(),
            max_upload_size=max_upload_size(),
            columns_help=COLUMNS_HELP,
            recent_jobs=recent_jobs(self.request.user),
            contribution_space=partner_space(self.request.user),
        )
        return context


# Shown beside the form: the columns of CONTRACTS.md §4, in a knowledge manager's words.
COLUMNS_HELP = [
    ("identifier", gettext_lazy("required; stable unique key (UN symbol, DOI, handle or own id)")),
    ("title", gettext_lazy("required")),
    ("resource_type", gettext_lazy("required; e.g. report, guidance, decision, meeting-document")),
    ("publication_date", gettext_lazy("YYYY, YYYY-MM or YYYY-MM-DD")),
    ("summary", gettext_lazy("plain text")),
    ("languages", gettext_lazy("en, fr, es, ar, zh, ru (default en)")),
    ("url", gettext_lazy("landing page or file elsewhere")),
    ("file", gettext_lazy("path inside the ZIP, relative to the import file")),
    ("publisher", gettext_lazy("partner slug, acronym or name")),
    ("authors", gettext_lazy("“Family, Given” for people, otherwise an organisation")),
    ("pillars, thematic_areas, gmp_areas", gettext_lazy("slugs")),
    ("countries", gettext_lazy("ISO 3166-1 alpha-3 codes, e.g. KEN")),
    ("articles", gettext_lazy("Convention article numbers or annex letters, e.g. 7, C")),
    ("collections", gettext_lazy("minamata, gmp (default minamata)")),
    ("tags, symbol, meeting, license", gettext_lazy("keywords; UN symbol; meeting slug e.g. cop-1; e.g. CC-BY-4.0")),
]


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return can_import(request.user)


@hooks.register("register_admin_urls")
def register_import_urls():
    return [
        path("library/import/", ImportResourcesView.as_view(), name="library_import"),
        path("library/import/<int:pk>/", ImportJobView.as_view(), name="library_import_job"),
    ]


@hooks.register("register_admin_menu_item")
def register_library_menu():
    """A "Library" menu that other library features can join through the register_library_menu_item hook."""
    return SubmenuMenuItem(
        gettext_lazy("Library"),
        Menu(register_hook_name=LIBRARY_MENU_HOOK),
        name="library",
        icon_name="doc-full-inverse",
        order=230,
    )


@hooks.register(LIBRARY_MENU_HOOK)
def register_import_menu_item():
    return ImportMenuItem(
        gettext_lazy("Import resources"), reverse_lazy("library_import"), name="import-resources", icon_name="upload"
    )
