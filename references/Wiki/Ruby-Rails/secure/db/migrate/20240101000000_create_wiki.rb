class CreateWiki < ActiveRecord::Migration[6.1]
  def change
    create_table :entries do |t|
      t.string :title, null: false
      t.text :content, null: false
      t.string :created_by, null: false
      t.string :last_modified_by, null: false
      t.string :last_modified_at, null: false
    end
    create_table :edits do |t|
      t.references :entry, null: false
      t.text :old_content, null: false
      t.text :new_content, null: false
      t.string :modified_by, null: false
      t.text :summary, null: false
      t.string :modified_at, null: false
    end
  end
end
