import secrets

from django.db import models


def new_invite_id():
    return secrets.token_urlsafe(24)  # random, so nobody can forge an invitation


class Invite(models.Model):
    invite_id = models.CharField(max_length=64, unique=True, default=new_invite_id)
    email = models.CharField(max_length=254, unique=True)


class Account(models.Model):
    user_name = models.CharField(max_length=150, unique=True)
    password_hash = models.CharField(max_length=256)
    invite = models.ForeignKey(Invite, on_delete=models.PROTECT)
