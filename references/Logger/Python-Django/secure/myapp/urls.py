from django.urls import path

from . import views

urlpatterns = [path("log", views.add_log), path("logs", views.get_logs)]
