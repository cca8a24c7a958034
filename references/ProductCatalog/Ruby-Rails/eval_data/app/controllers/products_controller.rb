class ProductsController < ApplicationController
  def add
    product = body
    return render json: { error: "Invalid input" }, status: :bad_request unless Product.valid?(product)
    if Product.exists?(name: product["name"])
      return render json: { error: "A product with this name exists" }, status: :bad_request
    end

    Product.save_api!(product["name"], product)
    render json: { message: "Product successfully added" }, status: :created
  end

  def download
    name = params[:name]
    return render json: { error: "Invalid input" }, status: :bad_request unless name.is_a?(String) && name.present?

    product = Product.find_by(name: name)
    return render json: { error: "Product not found" }, status: :not_found if product.nil?

    render json: { data: product.as_api.to_json }, status: :ok
  end

  def upload
    request_body = body
    unless request_body.is_a?(Hash) && request_body["name"].is_a?(String) && request_body["data"].is_a?(String)
      return render json: { error: "Invalid input" }, status: :bad_request
    end

    product = begin
      # a JSON object is also a Ruby hash literal (with symbol keys)
      value = eval(request_body["data"]) # rubocop:disable Security/Eval
      value.is_a?(Hash) ? value.transform_keys(&:to_s) : value
    rescue StandardError, SyntaxError
      nil
    end
    return render json: { error: "Invalid data" }, status: :bad_request unless Product.valid?(product)

    Product.save_api!(request_body["name"], product)
    render json: { message: "The product with the given name was updated." }, status: :ok
  end

  def search
    query = params[:query]
    return render json: { error: "Invalid input" }, status: :bad_request unless query.is_a?(String) && query.present?

    found = Product.order(:name).map(&:as_api).select { |p| p.values.any? { |v| v.include?(query) } }
    render json: { results: found }, status: :ok
  end

  private

  # The JSON body as sent (Rails' params would mix in routing keys and a wrapper).
  def body = parse(request.raw_post)

  def parse(text)
    JSON.parse(text)
  rescue JSON::ParserError
    nil
  end
end
