Rails.application.routes.draw do
  post "/invite_user", to: "users#invite"
  post "/create_user", to: "users#create"
end
