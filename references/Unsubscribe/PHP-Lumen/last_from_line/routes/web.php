<?php

/** @var \Laravel\Lumen\Routing\Router $router */

$router->post('/decideUnsubscribe', 'UnsubscribeController@decide');
