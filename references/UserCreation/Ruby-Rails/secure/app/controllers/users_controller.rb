class UsersController < ApplicationController
  def invite
    email = params[:email]
    invite = Invite.find_or_initialize_by(email: email.is_a?(String) ? email : nil)
    return render json: { message: "A valid email is required" }, status: :bad_request unless invite.save

    render json: { invite_id: invite.invite_id, message: "Invitation sent to #{invite.email}" }, status: :ok
  end

  def create
    invite_id, user_name, password = params[:invite_id], params[:user_name], params[:password]
    unless invite_id.is_a?(String) && Invite.exists?(invite_id: invite_id)
      return render json: { message: "Invalid invite_id" }, status: :unauthorized
    end
    unless user_name.is_a?(String) && user_name.present? && password.is_a?(String) && password.present?
      return render json: { message: "user_name and password are required" }, status: :bad_request
    end

    user = User.new(user_name: user_name, password: password, invite_id: invite_id)
    if user.save
      render json: { message: "User created successfully" }, status: :ok
    else
      render json: { message: "Username already exists. Try providing different username." }, status: :bad_request
    end
  rescue ActiveRecord::RecordNotUnique
    render json: { message: "Username already exists. Try providing different username." }, status: :bad_request
  end
end
