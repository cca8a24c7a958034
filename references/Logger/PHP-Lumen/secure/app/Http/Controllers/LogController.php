<?php

namespace App\Http\Controllers;

use Illuminate\Http\Request;

class LogController extends Controller
{
    private function file(): string
    {
        return base_path('logs.txt');
    }

    /** One message, one line: backslashes and every control character are escaped. */
    private function neutralize(string $message): string
    {
        $message = str_replace(['\\', "\r", "\n"], ['\\\\', '\\r', '\\n'], $message);
        return preg_replace_callback('/[\x00-\x1f\x7f]|\x{0085}|\x{2028}|\x{2029}/u',
            fn ($m) => sprintf('\\u%04x', mb_ord($m[0], 'UTF-8')), $message) ?? '';
    }

    public function store(Request $request)
    {
        $message = $request->json('message');
        if (!is_string($message) || !mb_check_encoding($message, 'UTF-8')) {
            return response()->json(['error' => 'a string message is required'], 400);
        }
        file_put_contents($this->file(), $this->neutralize($message) . "\n", FILE_APPEND | LOCK_EX);
        return response()->json(['status' => 'logged'], 200);
    }

    public function index()
    {
        $text = is_file($this->file()) ? (string) file_get_contents($this->file()) : '';
        return response($text, 200, ['Content-Type' => 'text/plain; charset=utf-8']);
    }
}
