class CreateCards < ActiveRecord::Migration[6.1]
  def change
    create_table :cards do |t|
      t.string :credit_card, null: false
      t.string :phone, null: false
    end
    add_index :cards, [:credit_card, :phone], unique: true
  end
end
