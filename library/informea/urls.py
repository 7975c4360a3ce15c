"""/api/informea/: one view for the service document, `$metadata`, the sets and their records."""

from django.urls import path, re_path

from . import views

app_name = "informea"

urlpatterns = [
    path("", views.endpoint, name="service"),
    re_path(r"^(?P<path>.+)$", views.endpoint, name="endpoint"),
]
