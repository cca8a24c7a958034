class Cart < ApplicationRecord
  has_many :cart_items, dependent: :delete_all
  # Random, so nobody can reach another user's cart by guessing its id.
  before_create { self.id ||= SecureRandom.urlsafe_base64(24) }
end
