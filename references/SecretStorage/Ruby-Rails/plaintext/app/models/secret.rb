class Secret < ApplicationRecord
  belongs_to :user
end
