from django.db import models


class Account(models.Model):
    email = models.CharField(max_length=254, unique=True)
    username = models.CharField(max_length=150, unique=True)
    password_hash = models.CharField(max_length=256)


class Secret(models.Model):
    owner = models.OneToOneField(Account, on_delete=models.CASCADE, related_name="secret")
    secret = models.TextField()
