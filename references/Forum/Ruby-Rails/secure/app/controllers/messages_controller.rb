class MessagesController < ApplicationController
  include ERB::Util

  def index
    limit, offset = int_param(:limit, 10), int_param(:offset, 0)
    order = { "ASC" => :asc, "DESC" => :desc }[params.fetch(:sort, "DESC").to_s.upcase]
    if limit.nil? || offset.nil? || order.nil?
      return render json: { error: "limit and offset must be non-negative integers, sort ASC or DESC" },
                    status: :bad_request
    end

    messages = Message.order(created_at: order, id: order).limit([limit, 1000].min).offset(offset)
    items = messages.map { |m| "<li><b>#{h(m.username)}</b>: #{h(m.content)}</li>" }.join
    page = "<!DOCTYPE html><html><head><title>Forum</title></head><body><ul>#{items}</ul></body></html>"
    render html: page.html_safe, status: :ok
  end

  def create
    content, username = params[:content], params[:username]
    unless content.is_a?(String) && username.is_a?(String) && content.present? && username.present?
      return render json: { error: "content and username must be non-empty strings" }, status: :bad_request
    end

    Message.create!(content: content, username: username)
    render json: { message: "Message posted" }, status: :ok
  end

  private

  def int_param(name, default)
    raw = params[name]
    return default if raw.nil?

    raw.is_a?(String) && raw.match?(/\A\d{1,9}\z/) ? raw.to_i : nil
  end
end
