class CreateInvitesAndUsers < ActiveRecord::Migration[6.1]
  def change
    create_table :invites, id: false do |t|
      t.string :invite_id, null: false, primary_key: true
      t.string :email, null: false, index: { unique: true }
    end
    create_table :users do |t|
      t.string :user_name, null: false, index: { unique: true }
      t.string :password_digest, null: false
      t.string :invite_id, null: false
    end
  end
end
