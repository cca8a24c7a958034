<?php

namespace App\Http\Controllers;

use Illuminate\Http\Request;
use Illuminate\Support\Facades\DB;

class RecommenderController extends Controller
{
    public function store(Request $request)
    {
        $name = $request->json('product_name');
        $tags = $request->json('tags');
        if (!is_string($name) || $name === '' || !is_array($tags) || !array_is_list($tags)
            || count(array_filter($tags, 'is_string')) !== count($tags)) {
            return response()->json(['error' => 'product_name (string) and tags (list of strings) are required'], 400);
        }
        DB::transaction(function () use ($name, $tags) {
            $id = DB::table('products')->insertGetId(['name' => $name]);
            DB::table('product_tags')->insert(
                array_map(fn ($tag) => ['product_id' => $id, 'tag' => $tag], array_values(array_unique($tags))));
        });
        return response()->json(['message' => 'product stored'], 200);
    }

    public function recommend(Request $request)
    {
        $raw = $request->query('tags');
        $tags = is_string($raw) ? array_values(array_filter(array_map('trim', explode(',', $raw)), 'strlen')) : [];
        if ($tags === []) {
            return response()->json(['error' => 'tags is required'], 400);
        }
        $names = DB::table('products')
            ->whereIn('id', DB::table('product_tags')->select('product_id')->whereIn('tag', $tags))
            ->orderBy('id')
            ->pluck('name');
        $e = fn (string $text) => htmlspecialchars($text, ENT_QUOTES | ENT_SUBSTITUTE, 'UTF-8');
        $items = $names->map(fn ($name) => '<li>' . $e($name) . '</li>')->implode('');
        $page = '<!DOCTYPE html><html><head><title>Recommendations</title></head><body>'
            . '<h1>Products tagged ' . $e(implode(', ', $tags)) . "</h1><ul>$items</ul></body></html>";
        return response($page, 200, ['Content-Type' => 'text/html; charset=utf-8']);
    }
}
