Rails.application.routes.draw do
  get "/recipes", to: "recipes#index"
  post "/recipes/upload", to: "recipes#create"
  get "/recipes/:id", to: "recipes#show", format: false
  post "/recipes/:id/comments", to: "recipes#comment", format: false
  post "/recipes/:id/ratings", to: "recipes#rate", format: false
end
