from django.db import models


class CardPhone(models.Model):
    credit_card = models.CharField(max_length=255)
    phone = models.CharField(max_length=255)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["credit_card", "phone"],
                                               name="unique_card_phone")]
