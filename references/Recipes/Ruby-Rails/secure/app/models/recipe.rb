class Recipe < ApplicationRecord
  serialize :ingredients, JSON
  has_many :comments, -> { order(:id) }, dependent: :destroy
  has_many :ratings, dependent: :destroy
  validates :title, presence: true
  before_create { self.public_id ||= SecureRandom.hex(16) }
end
