class CreateProducts < ActiveRecord::Migration[6.1]
  def change
    create_table :products, id: false do |t|
      t.string :name, null: false, primary_key: true
      t.text :properties, null: false
    end
  end
end
