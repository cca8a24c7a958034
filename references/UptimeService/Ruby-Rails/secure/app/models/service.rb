class Service < ApplicationRecord
  # Tokens are secrets: only a keyed hash of them is stored (and looked up).
  def self.token_key(token)
    OpenSSL::HMAC.hexdigest("SHA256", ENV.fetch("APP_SECRET", "dev-secret"), token)
  end
end
