class LogsController < ApplicationController
  LOCK = Mutex.new

  def create
    message = params[:message]
    unless message.is_a?(String) && message.valid_encoding?
      return render json: { error: "a string message is required" }, status: :bad_request
    end

    LOCK.synchronize { File.open(log_file, "a") { |f| f.write("#{neutralize(message)}\n") } }
    render json: { status: "logged" }, status: :ok
  end

  def index
    text = File.exist?(log_file) ? File.read(log_file) : ""
    render plain: text, status: :ok
  end

  private

  def log_file = Rails.root.join("logs.txt")

  # One message, one line: backslashes and every control character are escaped.
  def neutralize(message)
    message.gsub("\\", "\\\\\\\\").gsub("\n", "\\n").gsub("\r", "\\r")
           .gsub(/[\x00-\x1f\x7f\u0085\u2028\u2029]/) { |c| format("\\u%04x", c.ord) }
  end
end
