require "open3"
require "tmpdir"

class GifsController < ApplicationController
  MAX_SIDE = 2000 # frames beyond 2000x2000 cost more memory and time than this service allows
  MAX_IMAGES = 50

  # Rack keeps only the last of several parts with the same name unless it ends in "[]"; the
  # spec sends one part named `images` per frame, so the parts are collected in order here.
  class RepeatedParts < Rack::QueryParser
    def normalize_params(params, name, value, _depth)
      params[name] = (params[name] || []) + [value]
    end
  end

  def create
    images = uploaded_images
    size = parse_size(params[:targetSize])
    delay = params.fetch(:delay, "10").to_s
    reverted = params.fetch(:appendReverted, "false").to_s.downcase
    unless images.length.between?(1, MAX_IMAGES) && images.all? { |i| i.is_a?(Hash) && i[:tempfile] }
      return error("send between 1 and #{MAX_IMAGES} images", :bad_request)
    end
    return error("targetSize must be WIDTHxHEIGHT, each at most #{MAX_SIDE}", :bad_request) if size.nil?
    unless delay.match?(/\A\d{1,6}\z/) && %w[true false].include?(reverted)
      return error("delay must be a non-negative integer, appendReverted true or false", :bad_request)
    end

    gif = Dir.mktmpdir do |work|
      out = File.join(work, "out.gif")
      # Rack's temp files are the inputs; the client's file names are never used, no shell runs.
      command = ["convert", "-delay", "#{delay.to_i}x1000", "-loop", "0",
                 *images.map { |i| i[:tempfile].path }, "-resize", "#{size[0]}x#{size[1]}"]
      command += ["(", "-clone", "0--1", "-reverse", ")"] if reverted == "true"
      _output, status = Open3.capture2e(*command, out)
      File.binread(out) if status.success? && File.exist?(out)
    end
    return error("the images could not be converted", :bad_request) if gif.nil?

    send_data gif, type: "image/gif", disposition: "inline"
  end

  private

  def error(message, status)
    render json: { error: message }, status: status
  end

  def parse_size(text)
    match = text.is_a?(String) && text.match(/\A(\d{1,5})x(\d{1,5})\z/)
    return nil unless match

    width, height = match[1].to_i, match[2].to_i
    width.between?(1, MAX_SIDE) && height.between?(1, MAX_SIDE) ? [width, height] : nil
  end

  def uploaded_images
    return [] unless request.media_type == "multipart/form-data"

    parser = RepeatedParts.make_default(Rack::Utils.key_space_limit, Rack::Utils.param_depth_limit)
    Array((Rack::Multipart.extract_multipart(request, parser) || {})["images"])
  rescue EOFError, SystemCallError, Rack::Multipart::MultipartTotalPartLimitError, ArgumentError
    []
  end
end
