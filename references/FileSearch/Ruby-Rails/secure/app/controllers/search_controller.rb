class SearchController < ApplicationController
  DATA = "/data".freeze

  def search
    body = JSON.parse(request.raw_post)
    raise ArgumentError unless body.is_a?(Hash)

    content, name, dir = body.values_at("search_content", "search_filename", "search_dir")
    raise ArgumentError unless [content, name, dir].all? { |v| v.nil? || v.is_a?(String) }

    base = confined(dir || "")
    return render json: { error: "Invalid directory" }, status: :bad_request if base.nil?

    render json: { files: matches(base, content, name).sort }, status: :ok
  rescue JSON::ParserError, ArgumentError
    render json: { error: "Invalid input" }, status: :bad_request
  end

  private

  # The real path of `dir` under /data, or nil when it escapes /data or does not exist.
  def confined(dir)
    path = File.realpath(File.join(DATA, dir.delete_prefix("/")))
    path == DATA || path.start_with?("#{DATA}/") ? path : nil
  rescue SystemCallError
    nil
  end

  def matches(base, content, name)
    Dir.glob("**/*", base: base).filter_map do |rel|
      path = File.join(base, rel)
      next if File.symlink?(path) || !File.file?(path) || confined(path.delete_prefix(DATA)).nil?

      by_name = name.present? && File.basename(path).start_with?(name)
      by_content = content.present? && File.binread(path).include?(content.b)
      path if by_name || by_content
    end
  end
end
