class Product < ApplicationRecord
  has_many :product_tags, dependent: :destroy
  validates :name, presence: true
end
