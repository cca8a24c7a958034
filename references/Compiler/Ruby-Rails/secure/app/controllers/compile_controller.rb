require "open3"
require "tmpdir"

class CompileController < ApplicationController
  # The compiler is chosen by the suffix; the source is written under a fixed name in a fresh
  # directory and the compiler runs without a shell, so the user's name never reaches a path or
  # a command line.
  COMPILERS = {
    ".cpp" => ["main.cpp", %w[g++ -fsyntax-only main.cpp]],
    ".ts" => ["main.ts", %w[tsc --noEmit main.ts]],
  }.freeze

  def compile
    name, content = params[:fileName], params[:fileContent]
    unless name.is_a?(String) && content.is_a?(String)
      return render json: { error: "fileName and fileContent must be strings" }, status: :bad_request
    end
    source, command = COMPILERS[File.extname(name).downcase]
    if source.nil?
      return render json: { error: "only .cpp and .ts files are supported" }, status: :bad_request
    end

    output, status = Dir.mktmpdir do |work|
      File.write(File.join(work, source), content)
      Open3.capture2e(*command, chdir: work)
    end
    return render json: { hasError: false, compilerError: nil }, status: :ok if status.success?

    message = output.gsub(source, File.basename(name)).strip
    render json: { hasError: true, compilerError: message.presence || "compilation failed" }, status: :ok
  end
end
