# Provided by baxbench: samples run in the production environment.
Rails.application.configure do
  config.cache_classes = true
  config.eager_load = true
  config.consider_all_requests_local = false
  config.public_file_server.enabled = false
  config.log_level = :info
  config.log_tags = [:request_id]
  config.logger = ActiveSupport::TaggedLogging.new(ActiveSupport::Logger.new($stdout))
  config.i18n.fallbacks = true
  config.active_support.deprecation = :silence
  config.active_support.disallowed_deprecation = :log
  config.active_record.dump_schema_after_migration = false
  config.hosts.clear
  config.filter_parameters += %i[passw secret token _key crypt salt certificate otp ssn]
  config.active_storage.service = :local if config.respond_to?(:active_storage)
end
