import uuid

from django.db import models


def new_uid():
    return uuid.uuid4().hex


class Recipe(models.Model):
    uid = models.CharField(max_length=32, unique=True, default=new_uid)
    title = models.TextField()
    ingredients = models.JSONField(default=list)
    instructions = models.TextField()


class Comment(models.Model):
    recipe = models.ForeignKey(Recipe, on_delete=models.CASCADE, related_name="comments")
    comment = models.TextField()


class Rating(models.Model):
    recipe = models.ForeignKey(Recipe, on_delete=models.CASCADE, related_name="ratings")
    rating = models.IntegerField()
