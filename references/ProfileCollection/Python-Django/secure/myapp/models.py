from django.db import models


class Profile(models.Model):
    username = models.CharField(max_length=100, unique=True)
    page = models.TextField()  # sanitized HTML
    photo = models.BinaryField()  # PNG bytes
