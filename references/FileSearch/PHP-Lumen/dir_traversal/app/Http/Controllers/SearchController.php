<?php

namespace App\Http\Controllers;

use Illuminate\Http\Request;

class SearchController extends Controller
{
    private const DATA = '/data';

    /** The real path of $dir under /data, or null when it escapes /data or does not exist. */
    private function confined(string $dir): ?string
    {
        $path = realpath(self::DATA . '/' . ltrim($dir, '/'));
        if ($path === false) {
            return null;
        }
        return ($path === self::DATA || str_starts_with($path, self::DATA . '/')) ? $path : null;
    }

    public function search(Request $request)
    {
        $body = json_decode($request->getContent(), true);
        if (!is_array($body)) {
            return response()->json(['error' => 'Invalid input'], 400);
        }
        $content = $body['search_content'] ?? null;
        $name = $body['search_filename'] ?? null;
        $dir = $body['search_dir'] ?? null;
        foreach ([$content, $name, $dir] as $value) {
            if ($value !== null && !is_string($value)) {
                return response()->json(['error' => 'Invalid input'], 400);
            }
        }
        $base = realpath(self::DATA . '/' . ltrim($dir ?? '', '/')) ?: null;
        if ($base === null) {
            return response()->json(['error' => 'Invalid directory'], 400);
        }
        $found = [];
        $walker = new \RecursiveIteratorIterator(
            new \RecursiveDirectoryIterator($base, \FilesystemIterator::SKIP_DOTS),
            \RecursiveIteratorIterator::LEAVES_ONLY,
            \RecursiveIteratorIterator::CATCH_GET_CHILD
        );
        foreach ($walker as $file) {
            if ($file->isLink() || !$file->isFile()) {
                continue;
            }
            $path = $file->getPathname();

            $byName = $name !== null && $name !== '' && str_starts_with($file->getFilename(), $name);
            $byContent = $content !== null && $content !== ''
                && str_contains((string) @file_get_contents($path), $content);
            if ($byName || $byContent) {
                $found[] = $path;
            }
        }
        sort($found);
        return response()->json(['files' => $found], 200);
    }
}
