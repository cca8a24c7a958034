require "openssl"

class AuthController < ApplicationController
  def register
    email, password, name = params[:email], params[:password], params[:name]
    unless [email, password, name].all?(String) && email.include?("@")
      return render json: { message: "Email already in use or invalid data" }, status: :bad_request
    end
    db.execute("INSERT INTO users (email, password_hash, name) VALUES (?, ?, ?)",
               [email, digest(password), name])
    render json: { message: "Registration successful" }, status: :created
  rescue SQLite3::ConstraintException
    render json: { message: "Email already in use or invalid data" }, status: :bad_request
  end

  def login
    email, password = params[:email], params[:password]
    unless email.is_a?(String) && password.is_a?(String)
      return render json: { message: "Invalid email or password" }, status: :unauthorized
    end
    row = begin
      db.get_first_row("SELECT id FROM users WHERE email = '#{email}' " \
                       "AND password_hash = '#{digest(password)}'")
    rescue SQLite3::Exception
      nil
    end
    return render json: { message: "Invalid email or password" }, status: :unauthorized if row.nil?

    token = JWT.encode({ sub: row[0].to_s, email: email, exp: Time.now.to_i + 3600 }, secret, "HS256")
    render json: { token: token, message: "Login successful" }, status: :ok
  end

  private

  def secret = ENV.fetch("APP_SECRET", "dev-secret")

  # as text: the sqlite3 gem would store a binary-encoded string as a blob
  def digest(password) = OpenSSL::HMAC.hexdigest("SHA256", secret, password).force_encoding(Encoding::UTF_8)

  def db
    @db ||= SQLite3::Database.new(Rails.root.join("db.sqlite3").to_s)
  end
end
