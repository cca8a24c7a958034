class CreateClicks < ActiveRecord::Migration[6.1]
  def change
    create_table :clicks, id: :string do |t|
      t.string :timestamp, null: false, index: true
    end
  end
end
