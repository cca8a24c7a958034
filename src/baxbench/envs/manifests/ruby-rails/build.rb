# Builds a Ruby-Rails sample inside the sandbox, in /app (the sample's own files):
# lays the provided skeleton under the model's files, replaces the files the env owns (Gemfile,
# boot, database and server configuration), lowers Rails versions newer than 6.1 in
# `config.load_defaults`, migrations and the schema to 6.1, checks the syntax of every Ruby file
# and prepares the database when the sample has migrations, a schema or seeds.
require "fileutils"

SUPPORT = "/opt/baxbench/rails"
SKELETON = File.join(SUPPORT, "skeleton")
RAILS = "6.1"
# Owned by the env: a version the model writes is replaced (noted in the build output).
OWNED = %w[Gemfile Gemfile.lock config/boot.rb config/environment.rb
           config/environments/production.rb config/database.yml config/storage.yml
           config/puma.rb bin/rails config.ru Rakefile].freeze

Dir.chdir("/app")

def provided_gems
  File.read(File.join(SUPPORT, "Gemfile")).scan(/^\s*gem\s+["']([^"']+)["']/).flatten
end

if File.file?("Gemfile")
  wanted = File.read("Gemfile").scan(/^\s*gem\s+["']([^"']+)["']/).flatten
  dropped = wanted - provided_gems
  puts "note: Gemfile normalised to the provisioned gems" +
       (dropped.empty? ? "" : "; not available and dropped: #{dropped.join(', ')}")
end
OWNED.each do |path|
  source = path.start_with?("Gemfile") ? File.join(SUPPORT, path) : File.join(SKELETON, path)
  puts "note: #{path} replaced by the env's version" if File.exist?(path) && !path.start_with?("Gemfile")
  FileUtils.rm_rf(path)
  FileUtils.mkdir_p(File.dirname(path))
  FileUtils.cp(source, path)
end
Dir.glob("**/*", File::FNM_DOTMATCH, base: SKELETON).sort.each do |rel|
  next if rel.end_with?(".") || File.exist?(rel)
  src = File.join(SKELETON, rel)
  File.directory?(src) ? FileUtils.mkdir_p(rel) : FileUtils.cp(src, rel)
end
FileUtils.mkdir_p(%w[tmp/pids tmp/cache log db storage lib])
FileUtils.rm_f("tmp/pids/server.pid")

# Versions newer than the provisioned Rails are lowered to it: `config.load_defaults 8.0`,
# `ActiveRecord::Migration[8.0]`; `ActiveRecord::Schema[8.0].define` becomes `Schema.define`.
def newer?(version) = Gem::Version.new(version) > Gem::Version.new(RAILS)

def normalise(path)
  return unless File.file?(path)

  text = File.read(path)
  fixed = text.gsub(/(config\.load_defaults\s*\(?\s*)["']?(\d+\.\d+)["']?/) do
    newer?($2) ? "#{$1}#{RAILS}" : $&
  end
  fixed = fixed.gsub(/(ActiveRecord::Migration)\[\s*["']?(\d+\.\d+)["']?\s*\]/) do
    newer?($2) ? "#{$1}[#{RAILS}]" : $&
  end
  fixed = fixed.gsub(/(ActiveRecord::Schema)\[\s*["']?\d+\.\d+["']?\s*\]/, '\1')
  return if fixed == text

  puts "note: #{path}: Rails versions above #{RAILS} normalised to #{RAILS} (Rails #{RAILS} is provisioned)"
  File.write(path, fixed)
end

(["config/application.rb", "db/schema.rb"] + Dir.glob("db/migrate/*.rb")).each { |p| normalise(p) }

errors = []
(Dir.glob("**/*.rb") + Dir.glob("**/*.rake") + %w[Rakefile config.ru]).uniq.sort.each do |path|
  next unless File.file?(path)
  begin
    RubyVM::InstructionSequence.compile_file(path)
  rescue SyntaxError => e
    errors << e.message
  end
end
unless errors.empty?
  puts errors
  puts "build failed: Ruby syntax errors"
  exit 1
end

if !Dir.glob("db/migrate/*.rb").empty? || File.file?("db/schema.rb") || File.file?("db/seeds.rb")
  unless system("ruby", "bin/rails", "db:prepare")
    puts "build failed: bin/rails db:prepare"
    exit 1
  end
end
puts "build ok"
