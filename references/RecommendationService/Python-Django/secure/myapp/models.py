from django.db import models


class Product(models.Model):
    name = models.TextField()


class ProductTag(models.Model):
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="tags")
    tag = models.TextField()
