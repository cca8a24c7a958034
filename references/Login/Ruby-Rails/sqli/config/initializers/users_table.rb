# Creates the users table at boot, straight through the sqlite3 gem.
Rails.application.config.after_initialize do
  db = SQLite3::Database.new(Rails.root.join("db.sqlite3").to_s)
  db.execute("CREATE TABLE IF NOT EXISTS users (id INTEGER PRIMARY KEY, email TEXT UNIQUE NOT NULL, " \
             "password_hash TEXT NOT NULL, name TEXT NOT NULL)")
  db.close
end
