class Session < ApplicationRecord
  self.primary_key = "token"
  belongs_to :merchant
  # A random token, never anything derived from the credentials.
  before_create { self.token ||= SecureRandom.urlsafe_base64(32) }
end
