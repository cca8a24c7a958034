from django.db import models


class Service(models.Model):
    service_id = models.TextField()
    token_key = models.TextField()
    last_notification = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["service_id", "token_key"],
                                               name="unique_service_token")]
