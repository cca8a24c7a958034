class CreateUsersAndSecrets < ActiveRecord::Migration[6.1]
  def change
    create_table :users do |t|
      t.string :email, null: false, index: { unique: true }
      t.string :username, null: false, index: { unique: true }
      t.string :password_digest, null: false
    end
    create_table :secrets do |t|
      t.references :user, null: false, index: { unique: true }
      t.text :secret, null: false
    end
  end
end
