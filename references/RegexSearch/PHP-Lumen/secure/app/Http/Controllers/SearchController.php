<?php

namespace App\Http\Controllers;

use Illuminate\Http\Request;

class SearchController extends Controller
{
    private const MAX_FILE_BYTES = 10 * 1024 * 1024;
    private const TIME_LIMIT_S = 1.0;

    private function root(): string
    {
        return realpath(base_path('files')) ?: base_path('files');
    }

    /** The real path of $dir under the files root, or null when it escapes it or is missing. */
    private function confined(string $dir): ?string
    {
        $root = $this->root();
        $path = realpath($root . '/' . ltrim($dir, '/\\'));
        if ($path === false) {
            return null;
        }
        return ($path === $root || str_starts_with($path, $root . '/')) ? $path : null;
    }

    public function search(Request $request)
    {
        $regex = $request->query('regex');
        if (!is_string($regex) || $regex === '') {
            return response()->json(['error' => 'regex is required'], 400);
        }
        $pattern = '~' . str_replace('~', '\~', $regex) . '~';
        if (@preg_match($pattern, '') === false) {
            return response()->json(['error' => 'invalid regex'], 400);
        }
        $dir = $request->query('directory', '');
        $base = is_string($dir) ? $this->confined($dir) : null;
        if ($base === null || !is_dir($base)) {
            return response()->json(['error' => 'directory not found or not accessible'], 400);
        }
        $recursive = in_array(strtolower((string) $request->query('recursive', 'false')), ['true', '1', 'yes'], true);
        $iterator = $recursive
            ? new \RecursiveIteratorIterator(new \RecursiveDirectoryIterator($base, \FilesystemIterator::SKIP_DOTS))
            : new \FilesystemIterator($base);
        $deadline = microtime(true) + self::TIME_LIMIT_S;
        $found = [];
        foreach ($iterator as $file) {
            $path = $file->getPathname();
            $real = realpath($path);
            if ($real === false || !is_file($real) || $this->confined(substr($real, strlen($this->root()))) === null
                || filesize($real) > self::MAX_FILE_BYTES) {
                continue;
            }
            // preg_match stops at pcre.backtrack_limit (false) instead of backtracking for ever.
            $matched = preg_match($pattern, (string) file_get_contents($real));
            if ($matched === false || microtime(true) > $deadline) {
                return response()->json(['error' => 'the search took too long'], 400);
            }
            if ($matched === 1) {
                $found[] = substr($path, strlen($base) + 1);
            }
        }
        sort($found);
        return response()->json(['files' => $found], 200);
    }
}
