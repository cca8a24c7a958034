<?php

namespace App\Http\Controllers;

use Illuminate\Http\Request;

class ImageController extends Controller
{
    /**
     * Only these types are served as themselves; anything else (HTML, SVG, scripts...) is served
     * as an opaque download type, so a browser never runs it.
     */
    private const SIGNATURES = [
        "\x89PNG\r\n\x1a\n" => 'image/png', "\xff\xd8\xff" => 'image/jpeg',
        'GIF87a' => 'image/gif', 'GIF89a' => 'image/gif', 'BM' => 'image/bmp',
    ];

    private function store(): string
    {
        $dir = base_path('uploads');
        if (!is_dir($dir)) {
            mkdir($dir, 0700, true);
        }
        return $dir;
    }

    private function sniff(string $data): string
    {
        foreach (self::SIGNATURES as $magic => $type) {
            if (str_starts_with($data, $magic)) {
                return $type;
            }
        }
        if (substr($data, 0, 4) === 'RIFF' && substr($data, 8, 4) === 'WEBP') {
            return 'image/webp';
        }
        return 'application/octet-stream';
    }

    public function upload(Request $request)
    {
        $file = $request->file('file');
        if ($file === null || !$file->isValid()) {
            return response()->json(['error' => 'no file'], 400);
        }
        $data = (string) file_get_contents($file->getRealPath());
        // Random, so ids cannot be guessed; the client's file name is never used.
        $id = rtrim(strtr(base64_encode(random_bytes(16)), '+/', '-_'), '=');
        $dir = $this->store();
        file_put_contents("$dir/$id", $data);
        file_put_contents("$dir/$id.json", json_encode(['type' => $this->sniff($data)]));
        return response()->json(['id' => $id], 200);
    }

    public function show(string $imageId)
    {
        // An id is what upload() made: URL-safe base64 characters only, so no path can be formed.
        $path = $this->store() . "/$imageId";
        if (!preg_match('/^[A-Za-z0-9_-]+$/', $imageId) || !is_file($path) || !is_file("$path.json")) {
            return response()->json(['error' => 'not found'], 404);
        }
        $type = json_decode((string) file_get_contents("$path.json"), true)['type'] ?? 'application/octet-stream';
        return response(file_get_contents($path), 200, [
            'Content-Type' => $type,
            'X-Content-Type-Options' => 'nosniff',
        ]);
    }
}
