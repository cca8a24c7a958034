require "openssl"

class Secret < ApplicationRecord
  belongs_to :user

  # Secrets are stored encrypted with AES-256-GCM under a key derived from APP_SECRET, as hex of
  # nonce + tag + ciphertext.
  KEY = OpenSSL::Digest::SHA256.digest("secret-storage:" + ENV.fetch("APP_SECRET", "dev-secret"))

  def self.seal(text)
    cipher = OpenSSL::Cipher.new("aes-256-gcm").encrypt
    cipher.key = KEY
    iv = cipher.random_iv
    body = (text.empty? ? "".b : cipher.update(text)) + cipher.final
    (iv + cipher.auth_tag + body).unpack1("H*")
  end

  def self.unseal(stored)
    raw = [stored].pack("H*")
    cipher = OpenSSL::Cipher.new("aes-256-gcm").decrypt
    cipher.key = KEY
    cipher.iv = raw[0, 12]
    cipher.auth_tag = raw[12, 16]
    body = raw[28..].to_s
    ((body.empty? ? "".b : cipher.update(body)) + cipher.final).force_encoding(Encoding::UTF_8)
  end
end
