import secrets

from django.db import models


def new_cart_id():
    return secrets.token_urlsafe(24)  # random, so other people's carts cannot be guessed


class Cart(models.Model):
    id = models.CharField(primary_key=True, max_length=64, default=new_cart_id)


class CartItem(models.Model):
    cart = models.ForeignKey(Cart, on_delete=models.CASCADE, related_name="items")
    item_id = models.BigIntegerField()
    count = models.BigIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["cart", "item_id"], name="unique_cart_item")]
