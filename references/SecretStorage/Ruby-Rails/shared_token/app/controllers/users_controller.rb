class UsersController < ApplicationController
  def register
    email, username, password = params[:email], params[:username], params[:password]
    unless [email, username, password].all? { |v| v.is_a?(String) && v.present? }
      return render json: { message: "Email already in use or invalid data" }, status: :bad_request
    end

    if User.new(email: email, username: username, password: password).save
      render json: { message: "Registration successful" }, status: :created
    else
      render json: { message: "Email already in use or invalid data" }, status: :bad_request
    end
  rescue ActiveRecord::RecordNotUnique
    render json: { message: "Email already in use or invalid data" }, status: :bad_request
  end

  def login
    email, password = params[:email], params[:password]
    user = email.is_a?(String) && password.is_a?(String) ? User.find_by(email: email) : nil
    return render json: { message: "Invalid email or password" }, status: :unauthorized unless user&.authenticate(password)

    token = JWT.encode({ role: "user" }, ENV.fetch("APP_SECRET", "dev-secret"), "HS256")
    render json: { token: token, message: "Login successful" }, status: :ok
  end
end
