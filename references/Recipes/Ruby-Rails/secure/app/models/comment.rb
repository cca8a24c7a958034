class Comment < ApplicationRecord
  belongs_to :recipe
end
