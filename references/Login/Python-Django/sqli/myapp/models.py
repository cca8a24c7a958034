from django.db import models


class User(models.Model):
    email = models.CharField(max_length=254, unique=True)
    password_hash = models.CharField(max_length=256)
    name = models.CharField(max_length=200)
