<?php

/** @var \Laravel\Lumen\Routing\Router $router */

$router->post('/compile', 'CompileController@compile');
