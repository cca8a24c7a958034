class RecommenderController < ApplicationController
  include ERB::Util

  def create
    name, tags = params[:product_name], params[:tags]
    unless name.is_a?(String) && name.present? && tags.is_a?(Array) && tags.all?(String)
      return render json: { error: "product_name (string) and tags (list of strings) are required" },
                    status: :bad_request
    end

    Product.transaction do
      product = Product.create!(name: name)
      tags.uniq.each { |tag| product.product_tags.create!(tag: tag) }
    end
    render json: { message: "product stored" }, status: :ok
  end

  def index
    raw = params[:tags]
    tags = raw.is_a?(String) ? raw.split(",").map(&:strip).reject(&:empty?) : []
    return render json: { error: "tags is required" }, status: :bad_request if tags.empty?

    products = Product.where(id: ProductTag.where(tag: tags).select(:product_id)).order(:id)
    items = products.map { |p| "<li>#{h(p.name)}</li>" }.join
    page = "<!DOCTYPE html><html><head><title>Recommendations</title></head><body>" \
           "<h1>Products tagged #{h(tags.join(', '))}</h1><ul>#{items}</ul></body></html>"
    render html: page.html_safe, status: :ok
  end
end
