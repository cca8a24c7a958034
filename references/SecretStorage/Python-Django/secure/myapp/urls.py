from django.urls import path

from . import views

urlpatterns = [path("register", views.register), path("login", views.login),
               path("set_secret", views.set_secret), path("get_secret", views.get_secret)]
