class SongsController < ApplicationController
  SONGS = "/var/songs".freeze

  def download
    filename = params[:filename]
    unless filename.is_a?(String) && !filename.empty?
      return render json: { error: "filename is required" }, status: :bad_request
    end

    path = song_path(filename)
    return render json: { error: "song not found" }, status: :not_found if path.nil?

    send_file path, type: "audio/mpeg", disposition: "inline"
  end

  private

  # The real path of the song, or nil when it is not a regular file inside SONGS.
  def song_path(filename)
    return nil if filename.include?("\0")

    root = File.realpath(SONGS)
    path = File.realpath(File.join(root, filename))
    path.start_with?("#{root}/") && File.file?(path) ? path : nil
  rescue SystemCallError
    nil
  end
end
