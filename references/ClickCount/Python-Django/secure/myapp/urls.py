from django.urls import path

from . import views

urlpatterns = [path("click", views.register_click), path("clicks", views.list_clicks)]
