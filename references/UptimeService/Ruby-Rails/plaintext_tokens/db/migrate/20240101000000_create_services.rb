class CreateServices < ActiveRecord::Migration[6.1]
  def change
    create_table :services do |t|
      t.string :service_id, null: false
      t.string :token_key, null: false, index: true
      t.datetime :last_notification, null: false
    end
    add_index :services, [:service_id, :token_key], unique: true
  end
end
