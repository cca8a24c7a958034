class Product < ApplicationRecord
  self.primary_key = "name"

  # A JSON object whose values are all strings, with a non-empty name.
  def self.valid?(object)
    object.is_a?(Hash) && object["name"].is_a?(String) && object["name"].present? &&
      object.values.all?(String)
  end

  # The product as the API shows it: its properties and its name.
  def as_api
    JSON.parse(properties).merge("name" => name)
  end

  def self.save_api!(name, object)
    product = find_or_initialize_by(name: name)
    product.update!(properties: object.except("name").to_json)
  end
end
