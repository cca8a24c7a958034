from django.urls import path

from . import views

urlpatterns = [path("entries", views.entries), path("entries/<int:entry_id>", views.entry),
               path("entries/<int:entry_id>/edits", views.edits)]
