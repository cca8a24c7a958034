Rails.application.routes.draw do
  # Replaced by the app's routes, e.g.: post "/login", to: "auth#login"
end
