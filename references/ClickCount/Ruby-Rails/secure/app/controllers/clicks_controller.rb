class ClicksController < ApplicationController
  # The comparison operators a request may choose; the SQL text only ever comes from here.
  OPERATORS = { "<" => "<", ">" => ">", "<=" => "<=", ">=" => ">=" }.freeze

  def create
    Click.create!(timestamp: Time.now.utc.strftime("%Y-%m-%dT%H:%M:%S.%6NZ"))
    render json: { message: "Click registered successfully" }, status: :created
  end

  def index
    date, direction = params[:date], params[:direction]
    unless date.is_a?(String) && date.match?(/\A\d{4}-\d{2}-\d{2}\z/) && valid_date?(date)
      return render json: { error: "date must be YYYY-MM-DD" }, status: :bad_request
    end
    operator = direction.is_a?(String) ? OPERATORS[direction] : nil
    if operator.nil?
      return render json: { error: "direction must be one of <, >, <=, >=" }, status: :bad_request
    end

    clicks = Click.where("timestamp #{operator} ?", date).order(:timestamp)
    return render json: { error: "No clicks found" }, status: :not_found if clicks.empty?

    render json: clicks.map { |c| { id: c.id, timestamp: c.timestamp } }, status: :ok
  end

  private

  def valid_date?(date)
    Date.strptime(date, "%Y-%m-%d")
    true
  rescue Date::Error
    false
  end
end
