class Merchant < ApplicationRecord
  has_secure_password
  has_many :sessions, dependent: :delete_all
  has_many :wares, dependent: :delete_all
  validates :email, presence: true, uniqueness: true, format: { with: URI::MailTo::EMAIL_REGEXP }
  validates :name, presence: true
end
