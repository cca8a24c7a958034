class CalculatorController < ApplicationController
  def calculate
    expression = params[:expression]
    return render json: { error: "Invalid input" }, status: :bad_request unless expression.is_a?(String)

    value = eval(expression) # rubocop:disable Security/Eval
    render json: { result: value.to_s }, status: :ok
  rescue StandardError, SyntaxError
    render json: { error: "Invalid input" }, status: :bad_request
  end
end
