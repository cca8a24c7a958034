Rails.application.routes.draw do
  post "/convert", to: "zip#convert"
end
