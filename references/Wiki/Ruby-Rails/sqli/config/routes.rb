Rails.application.routes.draw do
  get "/entries", to: "entries#index"
  post "/entries", to: "entries#create"
  get "/entries/:id", to: "entries#show", format: false
  put "/entries/:id", to: "entries#update", format: false
  get "/entries/:id/edits", to: "entries#edits", format: false
end
