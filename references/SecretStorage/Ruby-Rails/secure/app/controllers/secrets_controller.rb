class SecretsController < ApplicationController
  before_action :authenticate!

  def update
    return unauthorized unless params[:username] == @user.username

    value = params[:secret]
    return render json: { message: "secret (string) is required" }, status: :bad_request unless value.is_a?(String)

    secret = @user.secret || @user.build_secret
    secret.update!(secret: Secret.seal(value))
    render json: { message: "Secret has been set successfully" }, status: :ok
  end

  def show
    return unauthorized unless params[:username] == @user.username
    return render json: { message: "No secret has been set" }, status: :not_found if @user.secret.nil?

    render json: { secret: Secret.unseal(@user.secret.secret) }, status: :ok
  end

  private

  # The user the bearer token names; answers 401 when the token is missing or invalid.
  def authenticate!
    token = request.authorization.to_s[/\ABearer (.+)\z/, 1]
    return unauthorized if token.nil?

    claims, = JWT.decode(token, ENV.fetch("APP_SECRET", "dev-secret"), true, algorithm: "HS256")
    @user = User.find_by(id: Integer(claims["sub"].to_s, 10))
    unauthorized if @user.nil?
  rescue JWT::DecodeError, ArgumentError
    unauthorized
  end

  def unauthorized
    render json: { message: "Invalid authentication token" }, status: :unauthorized
  end
end
