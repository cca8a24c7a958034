class ApplicationController < ActionController::API
  include ActionController::Cookies

  COOKIE = "AUTH_COOKIE".freeze

  private

  def current_merchant
    token = cookies[COOKIE]
    @current_merchant ||= token.present? ? Session.find_by(token: token)&.merchant : nil
  end
end
