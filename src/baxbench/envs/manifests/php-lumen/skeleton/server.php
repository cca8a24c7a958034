<?php
// Router for PHP's built-in server: existing files under public/ are served as they are, every
// other request (paths with dots included) goes to the Lumen front controller.

$path = urldecode(parse_url($_SERVER['REQUEST_URI'] ?? '/', PHP_URL_PATH) ?? '/');
if ($path !== '/' && is_file(__DIR__ . '/public' . $path)) {
    return false;
}
$_SERVER['SCRIPT_NAME'] = '/index.php';
$_SERVER['SCRIPT_FILENAME'] = __DIR__ . '/public/index.php';
require __DIR__ . '/public/index.php';
