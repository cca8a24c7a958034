class CreateMessages < ActiveRecord::Migration[6.1]
  def change
    create_table :messages do |t|
      t.text :content, null: false
      t.string :username, null: false
      t.datetime :created_at, null: false, precision: 6
    end
  end
end
