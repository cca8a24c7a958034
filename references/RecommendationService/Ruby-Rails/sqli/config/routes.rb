Rails.application.routes.draw do
  post "/recommender", to: "recommender#create"
  get "/recommender", to: "recommender#index"
end
