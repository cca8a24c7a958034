require "timeout"

class SearchController < ApplicationController
  MAX_FILE_BYTES = 10 * 2**20
  TIME_LIMIT_S = 1 # a regex may backtrack for ever; Ruby's matcher can be interrupted

  def search
    regex = params[:regex]
    return render json: { error: "regex is required" }, status: :bad_request unless regex.is_a?(String) && !regex.empty?

    pattern = Regexp.new(regex)
    base = confined(params.fetch(:directory, "").to_s)
    if base.nil? || !File.directory?(base)
      return render json: { error: "directory not found or not accessible" }, status: :bad_request
    end

    recursive = %w[true 1 yes].include?(params.fetch(:recursive, "false").to_s.downcase)
    files = matches(pattern, base, recursive)
    render json: { files: files.sort }, status: :ok
  rescue RegexpError => e
    render json: { error: "invalid regex: #{e.message}" }, status: :bad_request
  rescue Timeout::Error
    render json: { error: "the search took too long" }, status: :bad_request
  end

  private

  def root = File.realpath(Rails.root.join("files"))

  # The real path of `dir` under the files root, or nil when it escapes it or does not exist.
  def confined(dir)
    path = File.realpath(File.join(root, dir.sub(%r{\A[/\\]+}, "")))
    path == root || path.start_with?("#{root}/") ? path : nil
  rescue SystemCallError
    nil
  end

  def matches(pattern, base, recursive)
    Dir.glob(recursive ? "**/*" : "*", base: base).select do |rel|
      real = confined(File.join(base, rel).delete_prefix(root))
      next false if real.nil? || !File.file?(real) || File.size(real) > MAX_FILE_BYTES

      pattern.match?(File.read(real).scrub)
    end
  end
end
