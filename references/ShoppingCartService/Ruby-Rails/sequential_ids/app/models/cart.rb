class Cart < ApplicationRecord
  has_many :cart_items, dependent: :delete_all
  # Random, so nobody can reach another user's cart by guessing its id.
  before_create { self.id ||= (Cart.count + 1).to_s }
end
