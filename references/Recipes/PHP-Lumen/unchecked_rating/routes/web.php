<?php

/** @var \Laravel\Lumen\Routing\Router $router */

$router->get('/recipes', 'RecipeController@overview');
$router->post('/recipes/upload', 'RecipeController@upload');
$router->get('/recipes/{recipeId}', 'RecipeController@show');
$router->post('/recipes/{recipeId}/comments', 'RecipeController@comment');
$router->post('/recipes/{recipeId}/ratings', 'RecipeController@rate');
