"""Snippet listings whose CSV/XLSX downloads (`list_export`) are guarded by hub/spreadsheets.py.

Every SnippetViewSet with a `list_export` subclasses `SafeExportSnippetViewSet` instead of
Wagtail's own, so no admin download can carry a cell a spreadsheet program would run.
"""

from wagtail.snippets.views.snippets import IndexView, SnippetViewSet

from .spreadsheets import SafeSpreadsheetExportMixin


class SafeExportIndexView(SafeSpreadsheetExportMixin, IndexView):
    pass


class SafeExportSnippetViewSet(SnippetViewSet):
    index_view_class = SafeExportIndexView
