from django.db import models


class Service(models.Model):
    service_id = models.TextField()
    # Tokens are secrets: only a keyed hash of them is stored (and looked up).
    token_key = models.CharField(max_length=64)
    last_notification = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["service_id", "token_key"],
                                               name="unique_service_token")]
