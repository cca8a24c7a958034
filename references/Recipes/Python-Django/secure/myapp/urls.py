from django.urls import path

from . import views

urlpatterns = [path("recipes", views.overview), path("recipes/upload", views.upload),
               path("recipes/<str:recipe_id>", views.recipe_page),
               path("recipes/<str:recipe_id>/comments", views.add_comment),
               path("recipes/<str:recipe_id>/ratings", views.add_rating)]
