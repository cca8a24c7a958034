class UnsubscribeController < ApplicationController
  PHRASES = ["unsubscribe", "remove me", "deregister me", "stop sending me", "delete me"].freeze

  def decide
    raw = request.raw_post.dup.force_encoding(Encoding::UTF_8).scrub
    headers, body = split(raw)
    email = raw.split(/\r?\n\r?\n/, 2).first.to_s[/<([^<>@\s]+@[^<>\s]+)>|([^\s<>":,]+@[^\s<>":,]+)/] && (Regexp.last_match(1) || Regexp.last_match(2))
    text = message_text(headers, body).downcase
    render json: { email: email, unsubscribe: PHRASES.any? { |p| text.include?(p) } }, status: :ok
  end

  private

  # A raw message (or MIME part) as its unfolded headers (lower-case names, first wins) and body.
  def split(raw)
    head, body = raw.gsub("\r\n", "\n").split("\n\n", 2)
    headers = {}
    head.to_s.gsub(/\n[ \t]+/, " ").each_line(chomp: true) do |line|
      name, value = line.split(":", 2)
      next if value.nil? || name !~ /\A[!-9;-~]+\z/

      headers[name.downcase] ||= value.strip
    end
    [headers, body.to_s]
  end

  # The bare address of a From value: inside <...> when present, else the whole value.
  def address(from)
    match = from.match(/<([^<>]*)>\s*\z/)
    match ? match[1].strip : from.gsub(/\([^)]*\)/, "").strip
  end

  # The decoded text of every text/* part, walking multipart bodies.
  def message_text(headers, body, depth = 0)
    type = headers.fetch("content-type", "text/plain")
    boundary = type[/boundary="?([^";]+)"?/i, 1]
    if type.downcase.start_with?("multipart/") && boundary && depth < 10
      parts = "\n#{body}".split("\n--#{boundary}").drop(1)
      parts = parts.take_while { |p| !p.start_with?("--") }
      return parts.map { |p| message_text(*split(p.sub(/\A[ \t]*\n/, "")), depth + 1) }.join("\n")
    end
    return "" unless type.downcase.start_with?("text/")

    case headers["content-transfer-encoding"].to_s.downcase
    when "base64" then body.unpack1("m").force_encoding(Encoding::UTF_8).scrub
    when "quoted-printable" then body.unpack1("M").force_encoding(Encoding::UTF_8).scrub
    else body
    end
  end
end
