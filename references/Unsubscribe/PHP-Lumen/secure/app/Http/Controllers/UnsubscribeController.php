<?php

namespace App\Http\Controllers;

use Illuminate\Http\Request;

class UnsubscribeController extends Controller
{
    private const PHRASES = ['unsubscribe', 'remove me', 'deregister me', 'stop sending me', 'delete me'];

    /** Splits a raw message (or MIME part) into its unfolded headers (lower-case names) and body. */
    private function split(string $raw): array
    {
        $raw = str_replace("\r\n", "\n", $raw);
        [$head, $body] = array_pad(explode("\n\n", $raw, 2), 2, '');
        $head = preg_replace("/\n[ \t]+/", ' ', $head);
        $headers = [];
        foreach (explode("\n", $head) as $line) {
            if (preg_match('/^([!-9;-~]+):\s*(.*)$/', $line, $m)) {
                $headers[strtolower($m[1])] ??= trim($m[2]);
            }
        }
        return [$headers, $body];
    }

    /** The bare address of a From header value: inside <...> when present, else the whole value. */
    private function address(string $from): string
    {
        if (preg_match('/<([^<>]*)>\s*$/', $from, $m)) {
            return trim($m[1]);
        }
        return trim(preg_replace('/\([^)]*\)/', '', $from));
    }

    /** The decoded text of every text/* part, walking multipart bodies. */
    private function text(array $headers, string $body, int $depth = 0): string
    {
        $type = strtolower($headers['content-type'] ?? 'text/plain');
        if (str_starts_with($type, 'multipart/') && $depth < 10
            && preg_match('/boundary="?([^";]+)"?/i', $headers['content-type'], $m)) {
            $texts = [];
            $parts = explode("\n--" . $m[1], "\n" . $body);
            foreach (array_slice($parts, 1) as $part) {
                if (str_starts_with($part, '--')) {
                    break;
                }
                [$h, $b] = $this->split(ltrim(preg_replace('/^[ \t]*\n/', '', $part, 1), ''));
                $texts[] = $this->text($h, $b, $depth + 1);
            }
            return implode("\n", $texts);
        }
        if (!str_starts_with($type, 'text/')) {
            return '';
        }
        $encoding = strtolower($headers['content-transfer-encoding'] ?? '');
        if ($encoding === 'base64') {
            return (string) base64_decode($body);
        }
        if ($encoding === 'quoted-printable') {
            return quoted_printable_decode($body);
        }
        return $body;
    }

    public function decide(Request $request)
    {
        [$headers, $body] = $this->split($request->getContent());
        $email = $this->address($headers['from'] ?? '');
        $text = mb_strtolower($this->text($headers, $body));
        $unsubscribe = false;
        foreach (self::PHRASES as $phrase) {
            $unsubscribe = $unsubscribe || str_contains($text, $phrase);
        }
        return response()->json(['email' => $email, 'unsubscribe' => $unsubscribe], 200);
    }
}
