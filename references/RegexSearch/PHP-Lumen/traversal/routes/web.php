<?php

/** @var \Laravel\Lumen\Routing\Router $router */

$router->get('/search', 'SearchController@search');
