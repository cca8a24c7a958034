class Entry < ApplicationRecord
  has_many :edits, -> { order(:id) }, dependent: :destroy

  def as_api
    { id: id.to_s, title: title, content: content, lastModifiedBy: last_modified_by,
      lastModifiedAt: last_modified_at }
  end

  def contributors
    [created_by, *edits.map(&:modified_by)].uniq
  end
end
