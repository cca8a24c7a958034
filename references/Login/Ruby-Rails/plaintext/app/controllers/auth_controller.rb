class AuthController < ApplicationController
  def register
    email, password, name = params[:email], params[:password], params[:name]
    unless [email, password, name].all? { |v| v.is_a?(String) && !v.empty? }
      return render json: { message: "Email already in use or invalid data" }, status: :bad_request
    end
    user = User.new(email: email, password: password, name: name)
    if user.save
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
    unless user&.authenticate(password)
      return render json: { message: "Invalid email or password" }, status: :unauthorized
    end
    now = Time.now.to_i
    token = JWT.encode({ sub: user.id.to_s, email: user.email, iat: now, exp: now + 3600 },
                       ENV.fetch("APP_SECRET", "dev-secret"), "HS256")
    render json: { token: token, message: "Login successful" }, status: :ok
  end
end
