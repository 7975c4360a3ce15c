"""What visitors searched for, counted per day, language and query text, and nothing else.

A row is an aggregate: it cannot say who searched, from where, or which searches came from the
same person. There is deliberately no IP address, user, session, user agent or referrer column;
the query text itself is normalised and redacted before it is stored (search/querylog.py).
Editors read it through Reports → Search terms (search/admin_views.py).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

MAX_LOGGED_QUERY_LENGTH = 200


class SearchQueryStat(models.Model):
    day = models.DateField(_("day"), help_text=_("The day the searches were made, in the site's time zone."))
    locale = models.CharField(
        _("language"), max_length=10, help_text=_("Language code of the search page the visitor used.")
    )
    query = models.CharField(
        _("query"),
        max_length=MAX_LOGGED_QUERY_LENGTH,
        help_text=_("The search text, case-folded, spaces collapsed, e-mail addresses and long numbers redacted."),
    )
    searches = models.PositiveIntegerField(_("searches"), default=0)
    zero_result_searches = models.PositiveIntegerField(
        _("zero-result searches"), default=0, help_text=_("Searches of this text that found nothing.")
    )

    class Meta:
        verbose_name = _("search query statistic")
        verbose_name_plural = _("search query statistics")
        # Rows are written by the search service, never in the admin: viewing is the only permission.
        default_permissions = ("view",)
        constraints = [
            models.UniqueConstraint(fields=["day", "locale", "query"], name="site_search_querystat_unique"),
        ]
        indexes = [
            # The report filters a period (the unique index leads with day) or a language and a period.
            models.Index(fields=["locale", "day"], name="site_search_querystat_locale"),
        ]

    def __str__(self):
        return f"{self.day} {self.locale} {self.query!r}: {self.searches}"
