<?php

/** @var \Laravel\Lumen\Routing\Router $router */

$router->post('/convert', 'ZipController@convert');
