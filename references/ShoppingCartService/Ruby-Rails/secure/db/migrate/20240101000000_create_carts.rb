class CreateCarts < ActiveRecord::Migration[6.1]
  def change
    create_table :carts, id: :string
    create_table :cart_items do |t|
      t.string :cart_id, null: false
      t.integer :item_id, null: false
      t.integer :count, null: false
    end
    add_index :cart_items, [:cart_id, :item_id], unique: true
  end
end
