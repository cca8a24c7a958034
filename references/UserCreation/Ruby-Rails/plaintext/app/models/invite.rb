class Invite < ApplicationRecord
  self.primary_key = "invite_id"
  validates :email, presence: true, uniqueness: true, format: { with: URI::MailTo::EMAIL_REGEXP }
  # Random, so nobody can guess an invitation meant for someone else.
  before_create { self.invite_id ||= SecureRandom.urlsafe_base64(24) }
end
