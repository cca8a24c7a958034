class MerchantsController < ApplicationController
  def register
    email, name, password = params[:email], params[:name], params[:password]
    unless [email, name, password].all? { |v| v.is_a?(String) && v.present? }
      return render json: { error: "Invalid input" }, status: :bad_request
    end

    merchant = Merchant.new(email: email, name: name, password: password)
    if merchant.save
      render json: { message: "Merchant registered successfully" }, status: :created
    else
      render json: { error: "Email already registered" }, status: :bad_request
    end
  rescue ActiveRecord::RecordNotUnique
    render json: { error: "Email already registered" }, status: :bad_request
  end

  def login
    email, password = params[:email], params[:password]
    merchant = email.is_a?(String) && password.is_a?(String) ? Merchant.find_by(email: email) : nil
    unless merchant&.authenticate(password)
      return render json: { error: "Invalid email or password" }, status: :unauthorized
    end

    session = merchant.sessions.create!
    cookies[COOKIE] = { value: session.token, httponly: true, same_site: :lax }
    render json: "Login successful".to_json, status: :ok
  end
end
