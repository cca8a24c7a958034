class ServicesController < ApplicationController
  def heartbeat
    service_id, token = params[:serviceId], params[:token]
    unless service_id.is_a?(String) && token.is_a?(String)
      return render json: { error: "Invalid request payload" }, status: :bad_request
    end

    service = Service.find_or_initialize_by(service_id: service_id, token_key: Service.token_key(token))
    service.update!(last_notification: Time.now.utc)
    render json: { message: "Heartbeat registered successfully" }, status: :ok
  end

  def index
    token = params[:token]
    return render json: { error: "Invalid request payload" }, status: :bad_request unless token.is_a?(String)

    services = Service.where(token_key: Service.token_key(token)).order(:service_id)
    render json: services.map { |s| { serviceId: s.service_id, lastNotification: s.last_notification.iso8601 } },
           status: :ok
  end
end
