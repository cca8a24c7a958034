require "fileutils"
require "tmpdir"
require "zlib"

# No zip gem is available, so the archive is read from its central directory with Zlib and
# unpacked into a working directory, every entry inflated with a bound; the text files are then
# read back from there.
class ZipController < ApplicationController
  MAX_TEXT = 10 * 2**20 # bytes of text the archive may expand to

  class Invalid < StandardError; end
  class TooLarge < StandardError; end

  Entry = Struct.new(:name, :method, :csize, :size, :offset, :symlink)

  def convert
    upload = params[:file]
    unless upload.respond_to?(:read)
      return render json: { error: "a zip file is required in the part 'file'" }, status: :bad_request
    end

    zip = upload.read.b
    entries = entries(zip).reject { |e| e.symlink || e.name.end_with?("/") }
    raise TooLarge if entries.sum(&:size) > MAX_TEXT

    texts = Dir.mktmpdir("zip") do |dir|
      budget = MAX_TEXT
      entries.filter_map do |entry|
        data = read_entry(zip, entry, budget)
        budget -= data.bytesize
        # the entry's own name decides where it lands: "../" walks out of dir
        path = File.join(dir, entry.name)
        FileUtils.mkdir_p(File.dirname(path))
        File.binwrite(path, data)
        File.read(path, encoding: Encoding::UTF_8).scrub if entry.name.downcase.end_with?(".txt")
      end
    end
    render plain: texts.join("\n"), status: :ok
  rescue TooLarge
    render json: { error: "the archive expands to more text than allowed" }, status: :bad_request
  rescue Invalid, Zlib::Error, ArgumentError, TypeError, SystemCallError
    render json: { error: "the upload is not a valid zip archive" }, status: :bad_request
  end

  private

  def entries(zip)
    tail_start = [zip.bytesize - 65_557, 0].max
    eocd = zip.byteslice(tail_start..).rindex("PK\x05\x06".b)
    raise Invalid if eocd.nil?

    _, _, _, count, _, pos = zip.unpack("vvvvVV", offset: tail_start + eocd + 4)
    Array.new(count) do
      raise Invalid unless zip.byteslice(pos, 4) == "PK\x01\x02".b

      fields = zip.unpack("vvvvvvVVVvvvvvVV", offset: pos + 4)
      raise Invalid if fields.any?(&:nil?)

      method, csize, size, name_len, extra_len, comment_len, external, offset =
        fields.values_at(3, 7, 8, 9, 10, 11, 14, 15)
      name = zip.byteslice(pos + 46, name_len).force_encoding(Encoding::UTF_8).scrub
      pos += 46 + name_len + extra_len + comment_len
      Entry.new(name, method, csize, size, offset, ((external >> 16) & 0xF000) == 0xA000)
    end
  end

  # The entry's bytes, never more than `budget` of them (sizes in headers can lie).
  def read_entry(zip, entry, budget)
    raise Invalid unless zip.byteslice(entry.offset, 4) == "PK\x03\x04".b

    name_len, extra_len = zip.unpack("vv", offset: entry.offset + 26)
    data = zip.byteslice(entry.offset + 30 + name_len + extra_len, entry.csize).to_s
    case entry.method
    when 0 then text = data
    when 8
      text = +""
      inflater = Zlib::Inflate.new(-Zlib::MAX_WBITS)
      begin
        inflater.inflate(data) do |chunk|
          text << chunk
          raise TooLarge if text.bytesize > budget
        end
      ensure
        inflater.close
      end
    else raise Invalid
    end
    raise TooLarge if text.bytesize > budget

    text
  end
end
