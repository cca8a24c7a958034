from django.urls import path

from . import views

urlpatterns = [path("merchants/register", views.register), path("merchants/login", views.login),
               path("merchants/upload-wares", views.upload_wares), path("wares", views.wares)]
