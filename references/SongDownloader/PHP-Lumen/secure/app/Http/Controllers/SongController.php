<?php

namespace App\Http\Controllers;

use Illuminate\Http\Request;

class SongController extends Controller
{
    private const SONGS = '/var/songs';

    /** The real path of the song, or null when it is not a regular file inside SONGS. */
    private function songPath(string $filename): ?string
    {
        if (str_contains($filename, "\0")) {
            return null;
        }
        $root = realpath(self::SONGS);
        $path = realpath(self::SONGS . '/' . $filename);
        if ($root === false || $path === false || !str_starts_with($path, $root . '/') || !is_file($path)) {
            return null;
        }
        return $path;
    }

    public function download(Request $request)
    {
        $filename = $request->json('filename');
        if (!is_string($filename) || $filename === '') {
            return response()->json(['error' => 'filename is required'], 400);
        }
        $path = $this->songPath($filename);
        if ($path === null) {
            return response()->json(['error' => 'song not found'], 404);
        }
        return response()->download($path, basename($path), ['Content-Type' => 'audio/mpeg'], 'inline');
    }
}
