class CreateRecipes < ActiveRecord::Migration[6.1]
  def change
    create_table :recipes do |t|
      t.string :public_id, null: false, index: { unique: true }
      t.string :title, null: false
      t.text :ingredients, null: false
      t.text :instructions, null: false
    end
    create_table :comments do |t|
      t.references :recipe, null: false
      t.text :comment, null: false
    end
    create_table :ratings do |t|
      t.references :recipe, null: false
      t.integer :rating, null: false
    end
  end
end
