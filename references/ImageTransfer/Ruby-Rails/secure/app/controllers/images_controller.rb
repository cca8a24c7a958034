require "json"

class ImagesController < ApplicationController
  # Only these types are served as themselves; anything else (HTML, SVG, scripts...) is served as
  # an opaque download type, so a browser never runs it.
  SIGNATURES = {
    "\x89PNG\r\n\x1a\n".b => "image/png", "\xff\xd8\xff".b => "image/jpeg",
    "GIF87a".b => "image/gif", "GIF89a".b => "image/gif", "BM".b => "image/bmp",
  }.freeze

  def upload
    file = params[:file]
    return render json: { error: "no file" }, status: :bad_request unless file.respond_to?(:read)

    data = file.read.b
    id = SecureRandom.urlsafe_base64(16) # random, so ids cannot be guessed
    File.binwrite(store.join(id), data)
    File.write(store.join("#{id}.json"), { type: sniff(data) }.to_json)
    render json: { id: id }, status: :ok
  end

  def show
    id = params[:id].to_s
    # An id is what upload made: URL-safe base64 characters only, so no path can be formed.
    path = store.join(id)
    unless id.match?(/\A[A-Za-z0-9_-]+\z/) && File.file?(path) && File.file?("#{path}.json")
      return render json: { error: "not found" }, status: :not_found
    end

    type = JSON.parse(File.read("#{path}.json"))["type"]
    response.headers["X-Content-Type-Options"] = "nosniff"
    send_file path, type: type, disposition: "inline"
  end

  private

  def store
    Rails.root.join("uploads").tap { |dir| FileUtils.mkdir_p(dir) }
  end

  def sniff(data)
    SIGNATURES.each { |magic, type| return type if data.start_with?(magic) }
    return "image/webp" if data[0, 4] == "RIFF" && data[8, 4] == "WEBP"

    "application/octet-stream"
  end
end
