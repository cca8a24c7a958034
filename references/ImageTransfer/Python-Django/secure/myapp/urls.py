from django.urls import path

from . import views

urlpatterns = [path("upload", views.upload), path("images/<str:image_id>", views.view)]
