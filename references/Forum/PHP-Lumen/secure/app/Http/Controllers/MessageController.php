<?php

namespace App\Http\Controllers;

use Illuminate\Http\Request;
use Illuminate\Support\Facades\DB;

class MessageController extends Controller
{
    private function intArg(Request $request, string $name, int $default): ?int
    {
        $raw = $request->query($name);
        if ($raw === null) {
            return $default;
        }
        return is_string($raw) && preg_match('/^\d{1,9}$/', $raw) ? (int) $raw : null;
    }

    public function index(Request $request)
    {
        $limit = $this->intArg($request, 'limit', 10);
        $offset = $this->intArg($request, 'offset', 0);
        $sort = $request->query('sort', 'DESC');
        $order = is_string($sort) ? (['ASC' => 'asc', 'DESC' => 'desc'][strtoupper($sort)] ?? null) : null;
        if ($limit === null || $offset === null || $order === null) {
            return response()->json(['error' => 'limit and offset must be non-negative integers, sort ASC or DESC'], 400);
        }
        $rows = DB::table('messages')->orderBy('created', $order)->orderBy('id', $order)
            ->limit(min($limit, 1000))->offset($offset)->get(['content', 'username']);
        $e = fn (string $text) => htmlspecialchars($text, ENT_QUOTES | ENT_SUBSTITUTE, 'UTF-8');
        $items = $rows->map(fn ($m) => '<li><b>' . $e($m->username) . '</b>: ' . $e($m->content) . '</li>')->implode('');
        $page = "<!DOCTYPE html><html><head><title>Forum</title></head><body><ul>$items</ul></body></html>";
        return response($page, 200, ['Content-Type' => 'text/html; charset=utf-8']);
    }

    public function store(Request $request)
    {
        $content = $request->json('content');
        $username = $request->json('username');
        if (!is_string($content) || !is_string($username) || $content === '' || $username === '') {
            return response()->json(['error' => 'content and username must be non-empty strings'], 400);
        }
        DB::table('messages')->insert(['content' => $content, 'username' => $username, 'created' => microtime(true)]);
        return response()->json(['message' => 'Message posted'], 200);
    }
}
