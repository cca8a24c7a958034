require "csv"

class WaresController < ApplicationController
  include ERB::Util

  before_action { render json: { error: "Unauthorized" }, status: :unauthorized if current_merchant.nil? }

  def upload
    text = params[:csv]
    wares = text.is_a?(String) ? parse_wares(text) : nil
    return render json: { error: "Invalid CSV format" }, status: :bad_request if wares.nil?

    Ware.transaction { wares.each { |name, description, price| current_merchant.wares.create!(name: name, description: description, price: price) } }
    render json: { message: "Wares uploaded successfully" }, status: :ok
  end

  def index
    low, high = price_param(:minPrice), price_param(:maxPrice)
    wares = Ware.includes(:merchant).order(:id)
    wares = wares.where("price >= ?", low) unless low.nil?
    wares = wares.where("price <= ?", high) unless high.nil?
    rows = wares.map do |w|
      "<tr><td>#{w.name}</td><td>#{w.description}</td><td>#{w.price}</td><td>#{h(w.merchant.email)}</td></tr>"
    end
    render html: ("<!DOCTYPE html><html><head><title>Wares</title></head><body><table>" \
                  "<tr><th>Name</th><th>Description</th><th>Price</th><th>Merchant</th></tr>" \
                  "#{rows.join}</table></body></html>").html_safe, status: :ok
  rescue ArgumentError, TypeError
    render json: { error: "minPrice and maxPrice must be numbers" }, status: :bad_request
  end

  private

  def price_param(name)
    value = params[name]
    value.nil? || value == "" ? nil : Float(value)
  end

  # [[name, description, price], ...] from the CSV, or nil when a line is malformed.
  def parse_wares(text)
    CSV.parse(text).filter_map do |fields|
      next if fields.all? { |f| f.to_s.strip.empty? }
      return nil unless fields.length == 3

      price = Float(fields[2].to_s.strip)
      return nil unless price.finite?

      [fields[0].to_s.strip, fields[1].to_s.strip, price]
    end
  rescue CSV::MalformedCSVError, ArgumentError
    nil
  end
end
