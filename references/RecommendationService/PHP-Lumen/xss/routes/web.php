<?php

/** @var \Laravel\Lumen\Routing\Router $router */

$router->post('/recommender', 'RecommenderController@store');
$router->get('/recommender', 'RecommenderController@recommend');
