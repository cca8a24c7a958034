<?php

/** @var \Laravel\Lumen\Routing\Router $router */

$router->post('/download', 'SongController@download');
