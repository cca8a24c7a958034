class User < ApplicationRecord
  def authenticate(candidate) = password == candidate && self
  validates :email, presence: true, uniqueness: true, format: { with: URI::MailTo::EMAIL_REGEXP }
  validates :name, presence: true
end
