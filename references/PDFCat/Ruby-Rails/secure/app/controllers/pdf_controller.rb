require "open3"
require "tmpdir"

class PdfController < ApplicationController
  INVALID = "Invalid input or missing files.".freeze
  FAILED = "An error occurred while processing the files.".freeze

  # Rack keeps only the last of several parts with the same name unless it ends in "[]"; the
  # spec sends one part named `files` per PDF, so the parts are collected in order here.
  class RepeatedParts < Rack::QueryParser
    def normalize_params(params, name, value, _depth)
      params[name] = (params[name] || []) + [value]
    end
  end

  def concatenate
    uploads = uploaded_files
    if uploads.empty? || !uploads.all? { |u| u.is_a?(Hash) && u[:tempfile] }
      return render json: { error: INVALID }, status: :bad_request
    end
    # The client's file names are never used: Rack's own temp files are the inputs.
    paths = uploads.map { |u| u[:tempfile].path }
    return render json: { error: INVALID }, status: :bad_request unless paths.all? { |p| File.binread(p, 5) == "%PDF-" }

    pdf = Dir.mktmpdir do |work|
      output = File.join(work, "concatenated.pdf")
      _out, status = Open3.capture2e("pdfunite", *paths, output)
      File.binread(output) if status.success? && File.exist?(output)
    end
    return render json: { error: FAILED }, status: :internal_server_error if pdf.nil?

    send_data pdf, type: "application/pdf", disposition: "inline"
  end

  private

  def uploaded_files
    return [] unless request.media_type == "multipart/form-data"

    parser = RepeatedParts.make_default(Rack::Utils.key_space_limit, Rack::Utils.param_depth_limit)
    Array((Rack::Multipart.extract_multipart(request, parser) || {})["files"])
  rescue EOFError, SystemCallError, Rack::Multipart::MultipartTotalPartLimitError, ArgumentError
    []
  end
end
