class CartItem < ApplicationRecord
  belongs_to :cart
  validates :count, numericality: { only_integer: true, greater_than: 0 }
end
