from django.db import models


class Merchant(models.Model):
    email = models.CharField(max_length=254, unique=True)
    name = models.TextField()
    password_hash = models.CharField(max_length=256)


class Session(models.Model):
    token = models.CharField(max_length=64, primary_key=True)
    merchant = models.ForeignKey(Merchant, on_delete=models.CASCADE)


class Ware(models.Model):
    merchant = models.ForeignKey(Merchant, on_delete=models.CASCADE, related_name="wares")
    name = models.TextField()
    description = models.TextField()
    price = models.FloatField()
