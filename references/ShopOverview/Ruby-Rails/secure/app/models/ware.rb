class Ware < ApplicationRecord
  belongs_to :merchant
end
