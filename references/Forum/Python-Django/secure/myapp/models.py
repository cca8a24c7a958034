from django.db import models


class Message(models.Model):
    content = models.TextField()
    username = models.CharField(max_length=255)
    created = models.DateTimeField(auto_now_add=True)
