require_relative "boot"

require "rails"
require "active_model/railtie"
require "active_job/railtie"
require "active_record/railtie"
require "action_controller/railtie"
require "action_view/railtie"

Bundler.require(*Rails.groups)

module App
  class Application < Rails::Application
    config.load_defaults 6.1
    config.api_only = true
    # The merchants' session lives in a cookie, which an API-only app does not parse by default.
    config.middleware.use ActionDispatch::Cookies
  end
end
