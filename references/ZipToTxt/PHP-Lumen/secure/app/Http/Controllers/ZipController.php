<?php

namespace App\Http\Controllers;

use Illuminate\Http\Request;
use RuntimeException;

/**
 * The zip extension is not available here, so the archive is read from its central directory
 * with PHP's zlib; nothing is ever written to disk, and every entry is inflated with a bound.
 */
class ZipController extends Controller
{
    private const MAX_TEXT = 10 * 1024 * 1024; // bytes of text the archive may expand to

    /** [name, method, compressed size, size, local header offset, is symlink] per entry. */
    private function entries(string $zip): array
    {
        $eocd = strrpos(substr($zip, -65557), "PK\x05\x06");
        if ($eocd === false) {
            throw new RuntimeException('not a zip archive');
        }
        $eocd += max(0, strlen($zip) - 65557);
        $end = unpack('vdisk/vcddisk/vdiskentries/ventries/Vsize/Voffset', $zip, $eocd + 4);
        $entries = [];
        $pos = $end['offset'];
        for ($i = 0; $i < $end['entries']; $i++) {
            if (substr($zip, $pos, 4) !== "PK\x01\x02" || $pos + 46 > strlen($zip)) {
                throw new RuntimeException('broken central directory');
            }
            $h = unpack('vmade/vneed/vflags/vmethod/vtime/vdate/Vcrc/Vcsize/Vsize/vnamelen/vextralen/'
                . 'vcommentlen/vdisk/vinternal/Vexternal/Voffset', $zip, $pos + 4);
            $name = substr($zip, $pos + 46, $h['namelen']);
            $symlink = (($h['external'] >> 16) & 0xF000) === 0xA000;
            $entries[] = [$name, $h['method'], $h['csize'], $h['size'], $h['offset'], $symlink];
            $pos += 46 + $h['namelen'] + $h['extralen'] + $h['commentlen'];
        }
        return $entries;
    }

    /** The entry's bytes, never more than $budget of them (sizes in headers can lie). */
    private function read(string $zip, int $method, int $csize, int $offset, int $budget): string
    {
        if (substr($zip, $offset, 4) !== "PK\x03\x04") {
            throw new RuntimeException('broken local header');
        }
        $local = unpack('vnamelen/vextralen', $zip, $offset + 26);
        $data = substr($zip, $offset + 30 + $local['namelen'] + $local['extralen'], $csize);
        if ($method === 0) {
            $text = $data;
        } elseif ($method === 8) {
            $inflate = inflate_init(ZLIB_ENCODING_RAW);
            $text = '';
            foreach (str_split($data, 4096) as $chunk) {
                $text .= inflate_add($inflate, $chunk, ZLIB_NO_FLUSH);
                if (strlen($text) > $budget) {
                    throw new \LengthException();
                }
            }
            $text .= inflate_add($inflate, '', ZLIB_FINISH);
        } else {
            throw new RuntimeException('unsupported compression');
        }
        if ($text === false || strlen($text) > $budget) {
            throw new \LengthException();
        }
        return $text;
    }

    public function convert(Request $request)
    {
        $upload = $request->file('file');
        if ($upload === null || !$upload->isValid()) {
            return response()->json(['error' => "a zip file is required in the part 'file'"], 400);
        }
        $zip = (string) file_get_contents($upload->getRealPath());
        try {
            $texts = [];
            $entries = array_filter($this->entries($zip),
                fn ($e) => !$e[5] && !str_ends_with($e[0], '/') && str_ends_with(strtolower($e[0]), '.txt'));
            if (array_sum(array_column($entries, 3)) > self::MAX_TEXT) {
                throw new \LengthException();
            }
            $budget = self::MAX_TEXT;
            foreach ($entries as [, $method, $csize, , $offset]) {
                $text = $this->read($zip, $method, $csize, $offset, $budget);
                $budget -= strlen($text);
                $texts[] = mb_convert_encoding($text, 'UTF-8', 'UTF-8');
            }
        } catch (\LengthException $e) {
            return response()->json(['error' => 'the archive expands to more text than allowed'], 400);
        } catch (RuntimeException | \ErrorException | \ValueError $e) {
            return response()->json(['error' => 'the upload is not a valid zip archive'], 400);
        }
        return response(implode("\n", $texts), 200, ['Content-Type' => 'text/plain; charset=utf-8']);
    }
}
