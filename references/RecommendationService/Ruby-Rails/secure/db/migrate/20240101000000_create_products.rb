class CreateProducts < ActiveRecord::Migration[6.1]
  def change
    create_table :products do |t|
      t.string :name, null: false
    end
    create_table :product_tags do |t|
      t.references :product, null: false
      t.string :tag, null: false, index: true
    end
  end
end
