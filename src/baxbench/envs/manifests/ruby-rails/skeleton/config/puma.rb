# Provided by baxbench: one process, up to 5 threads.
threads 5, 5
environment ENV.fetch("RAILS_ENV") { "production" }
pidfile "tmp/pids/server.pid"
