<?php

/** @var \Laravel\Lumen\Routing\Router $router */

$router->get('/', function () {
    return response()->json(['message' => 'replace routes/web.php with the app\'s routes']);
});
