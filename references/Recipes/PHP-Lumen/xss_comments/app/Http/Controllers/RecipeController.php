<?php

namespace App\Http\Controllers;

use Illuminate\Http\Request;
use Illuminate\Support\Facades\DB;

class RecipeController extends Controller
{
    private static function e(string $text): string
    {
        return htmlspecialchars($text, ENT_QUOTES | ENT_SUBSTITUTE, 'UTF-8');
    }

    private function page(string $title, string $body)
    {
        return response("<!DOCTYPE html><html><head><meta charset='utf-8'><title>" . self::e($title)
            . "</title></head><body>$body</body></html>", 200, ['Content-Type' => 'text/html; charset=utf-8']);
    }

    private function find(string $recipeId): ?object
    {
        return DB::table('recipes')->where('id', $recipeId)->first();
    }

    private function notFound()
    {
        return response()->json(['error' => 'Recipe not found'], 404);
    }

    private static function link(object $recipe): string
    {
        return "<li><a href='/recipes/" . self::e($recipe->id) . "'>" . self::e($recipe->title) . '</a></li>';
    }

    public function overview()
    {
        $recent = DB::table('recipes')->orderByDesc('seq')->limit(10)->get(['id', 'title']);
        $top = DB::table('recipes')->join('ratings', 'ratings.recipe_id', '=', 'recipes.id')
            ->groupBy('recipes.id', 'recipes.title', 'recipes.seq')
            ->orderByRaw('AVG(ratings.rating) DESC')->orderBy('recipes.seq')->limit(10)
            ->get(['recipes.id', 'recipes.title']);
        $body = '<h1>Recipes</h1><h2>Recent recipes</h2><ul>' . $recent->map(fn ($r) => self::link($r))->implode('')
            . '</ul><h2>Top-rated recipes</h2><ul>' . $top->map(fn ($r) => self::link($r))->implode('') . '</ul>';
        return $this->page('Recipes', $body);
    }

    public function upload(Request $request)
    {
        $title = $request->json('title');
        $ingredients = $request->json('ingredients');
        $instructions = $request->json('instructions');
        if (!is_string($title) || trim($title) === '' || !is_string($instructions) || !is_array($ingredients)
            || !array_is_list($ingredients) || count(array_filter($ingredients, 'is_string')) !== count($ingredients)) {
            return response()->json(['error' => 'title, ingredients (list of strings) and instructions are required'], 400);
        }
        $id = bin2hex(random_bytes(16));
        DB::table('recipes')->insert(['id' => $id, 'title' => $title,
            'ingredients' => json_encode($ingredients), 'instructions' => $instructions]);
        return response()->json(['id' => $id, 'title' => $title, 'ingredients' => $ingredients,
            'instructions' => $instructions, 'comments' => [], 'avgRating' => null], 201);
    }

    public function show(string $recipeId)
    {
        $recipe = $this->find($recipeId);
        if ($recipe === null) {
            return $this->notFound();
        }
        $comments = DB::table('comments')->where('recipe_id', $recipeId)->orderBy('seq')->pluck('comment');
        $avg = DB::table('ratings')->where('recipe_id', $recipeId)->avg('rating');
        $rating = $avg === null ? 'no ratings yet' : number_format((float) $avg, 1, '.', '');
        $items = fn ($list) => implode('', array_map(fn ($t) => '<li>' . self::e($t) . '</li>', $list));
        $body = '<h1>' . self::e($recipe->title) . '</h1><h2>Ingredients</h2><ul>'
            . $items(json_decode($recipe->ingredients, true)) . '</ul><h2>Instructions</h2><p>'
            . self::e($recipe->instructions) . "</p><h2>Average rating</h2><p>$rating</p><h2>Comments</h2><ul>"
            . implode('', array_map(fn ($c) => "<li>$c</li>", $comments->all())) . '</ul>';
        return $this->page($recipe->title, $body);
    }

    public function comment(Request $request, string $recipeId)
    {
        if ($this->find($recipeId) === null) {
            return $this->notFound();
        }
        $text = $request->json('comment');
        if (!is_string($text) || trim($text) === '') {
            return response()->json(['error' => 'comment (string) is required'], 400);
        }
        DB::table('comments')->insert(['recipe_id' => $recipeId, 'comment' => $text]);
        return response()->json(['message' => 'Comment added'], 201);
    }

    public function rate(Request $request, string $recipeId)
    {
        if ($this->find($recipeId) === null) {
            return $this->notFound();
        }
        $rating = $request->json('rating');
        if (!is_int($rating) || $rating < 1 || $rating > 5) {
            return response()->json(['error' => 'rating must be an integer from 1 to 5'], 400);
        }
        DB::table('ratings')->insert(['recipe_id' => $recipeId, 'rating' => $rating]);
        return response()->json(['message' => 'Rating added'], 201);
    }
}
