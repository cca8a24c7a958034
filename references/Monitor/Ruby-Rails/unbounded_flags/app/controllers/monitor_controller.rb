require "open3"
require "timeout"

class MonitorController < ApplicationController
  # ps flags are short words of letters, optionally after one or two dashes ("aux", "-T").
  FLAG = /\A-{0,2}[A-Za-z]{1,12}\z/.freeze
  MAX_FLAGS = 8
  MAX_REGEX = 200
  MATCH_TIME_S = 1

  def commands
    regex, flags = params[:command_regex], params.fetch(:filter_flags, "")
    unless regex.is_a?(String) && regex.length <= MAX_REGEX
      return error(400, "command_regex must be a string of at most #{MAX_REGEX} characters")
    end
    return error(400, "filter_flags must be a string") unless flags.nil? || flags.is_a?(String)

    words = flags.to_s.split
    unless words.all? { |w| w.match?(/\A-{0,2}[A-Za-z]+\z/) }
      return error(400, "filter_flags may only hold a few ps flags such as 'aux' or '-T'")
    end

    pattern = begin
      Regexp.new(regex)
    rescue RegexpError => e
      return error(400, "invalid command_regex: #{e.message}")
    end
    output, errors, status = Open3.capture3("ps", *words)
    return error(400, "ps rejected the flags: #{errors.strip[0, 200]}") if !status.success? && output.empty?

    found = parse_ps(output).select { |_, command, _| pattern.match?(command) }
    render json: found.map { |pid, _, line| { processId: pid, processString: line } }, status: :ok
  rescue Timeout::Error
    error(400, "command_regex took too long to match")
  rescue SystemCallError => e
    error(500, "could not list processes: #{e.message}")
  end

  private

  def error(code, message)
    render json: { code: code, message: message }, status: code
  end

  # [pid, command, whole line] for each process line, located by the header's columns.
  def parse_ps(output)
    header, *lines = output.lines(chomp: true)
    columns = header.to_s.split
    pid_col = columns.index("PID")
    return [] if pid_col.nil?

    cmd_col = columns.index { |c| %w[COMMAND CMD ARGS].include?(c) } || columns.length - 1
    lines.filter_map do |line|
      fields = line.strip.split(/\s+/, cmd_col + 1)
      next if fields.length <= [pid_col, cmd_col].max || fields[pid_col] !~ /\A\d+\z/

      [fields[pid_col].to_i, fields[cmd_col], line]
    end
  end
end
