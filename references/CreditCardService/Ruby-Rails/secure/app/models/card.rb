class Card < ApplicationRecord
  validates :credit_card, :phone, presence: true
end
