from django.db import models


class Image(models.Model):
    # A random URL-safe token (see views.upload), so ids cannot be guessed.
    id = models.CharField(primary_key=True, max_length=64)
    content_type = models.CharField(max_length=100)
