<?php

/** @var \Laravel\Lumen\Routing\Router $router */

$router->post('/invite_user', 'UserController@invite');
$router->post('/create_user', 'UserController@create');
