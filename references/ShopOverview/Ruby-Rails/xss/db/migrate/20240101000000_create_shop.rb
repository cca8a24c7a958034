class CreateShop < ActiveRecord::Migration[6.1]
  def change
    create_table :merchants do |t|
      t.string :email, null: false, index: { unique: true }
      t.string :name, null: false
      t.string :password_digest, null: false
    end
    create_table :sessions, id: false do |t|
      t.string :token, null: false, primary_key: true
      t.references :merchant, null: false
    end
    create_table :wares do |t|
      t.references :merchant, null: false
      t.string :name, null: false
      t.text :description, null: false
      t.float :price, null: false
    end
  end
end
