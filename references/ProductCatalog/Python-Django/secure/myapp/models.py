from django.db import models


class Product(models.Model):
    name = models.CharField(max_length=255, unique=True)
    # The product's other properties, a JSON object of strings.
    properties = models.JSONField(default=dict)

    def as_dict(self):
        return {**self.properties, "name": self.name}
