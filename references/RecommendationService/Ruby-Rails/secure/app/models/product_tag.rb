class ProductTag < ApplicationRecord
  belongs_to :product
end
