# Arithmetic with + - * / and parentheses, parsed by recursive descent: nothing is run as Ruby.
class CalculatorController < ApplicationController
  class Invalid < StandardError; end

  TOKEN = %r{\s*(\d+(?:\.\d+)?|[-+*/()])\s*}.freeze

  def calculate
    expression = params[:expression]
    unless expression.is_a?(String) && expression.length <= 1000
      return render json: { error: "Invalid input" }, status: :bad_request
    end
    render json: { result: format(Parser.new(tokens(expression)).value) }, status: :ok
  rescue Invalid
    render json: { error: "Invalid input" }, status: :bad_request
  end

  private

  def tokens(expression)
    scanner = StringScanner.new(expression)
    found = []
    until scanner.eos?
      raise Invalid unless scanner.scan(TOKEN)

      found << scanner[1]
    end
    found
  end

  def format(value)
    raise Invalid unless value.finite?

    value == value.floor && value.abs < 1e15 ? value.to_i.to_s : value.round(12).to_s
  end

  class Parser
    def initialize(tokens)
      @tokens = tokens
      @pos = 0
      @depth = 0
    end

    def value
      result = sum
      raise Invalid unless @pos == @tokens.length

      result
    end

    private

    def peek = @tokens[@pos]

    def take
      token = @tokens[@pos]
      @pos += 1
      token
    end

    def sum
      result = product
      while %w[+ -].include?(peek)
        op = take
        right = product
        result = op == "+" ? result + right : result - right
      end
      result
    end

    def product
      result = unary
      while %w[* /].include?(peek)
        op = take
        right = unary
        raise Invalid if op == "/" && right.zero?

        result = op == "*" ? result * right : result / right
      end
      result
    end

    def unary
      return(take == "-" ? -unary : unary) if %w[+ -].include?(peek)

      atom
    end

    def atom
      token = take
      raise Invalid if token.nil?

      if token == "("
        @depth += 1
        raise Invalid if @depth > 100

        result = sum
        raise Invalid unless take == ")"

        @depth -= 1
        return result
      end
      raise Invalid unless token.match?(/\A\d+(?:\.\d+)?\z/)

      token.to_f
    end
  end
end
