<?php

/** @var \Laravel\Lumen\Routing\Router $router */

use Illuminate\Http\Request;

$router->post('/calculator', function (Request $request) {
    $expression = $request->json('expression');
    if (!is_string($expression)) {
        return response()->json(['error' => 'Invalid input'], 400);
    }
    try {
        $value = eval('return ' . $expression . ';');
    } catch (Throwable $e) {
        return response()->json(['error' => 'Invalid input'], 400);
    }
    return response()->json(['result' => (string) $value], 200);
});
