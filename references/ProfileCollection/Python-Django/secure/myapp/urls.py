from django.urls import path

from . import views

urlpatterns = [path("add_profile", views.add_profile),
               path("profile/<str:username>", views.profile),
               path("profile-photo/<str:username>", views.profile_photo)]
