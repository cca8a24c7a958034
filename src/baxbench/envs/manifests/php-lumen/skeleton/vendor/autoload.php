<?php
// Provided by baxbench instead of Composer's autoloader: Lumen 8 and its Illuminate and Symfony
// components come from Debian (found through PHP's include_path, /usr/share/php); the app's own
// classes and the bundled JWT library are loaded by namespace prefix (PSR-4).

require_once 'Laravel/Lumen/autoload.php';

spl_autoload_register(static function (string $class): void {
    static $prefixes = [
        'App\\' => __DIR__ . '/../app/',
        'Database\\Factories\\' => __DIR__ . '/../database/factories/',
        'Database\\Seeders\\' => __DIR__ . '/../database/seeders/',
        'Firebase\\JWT\\' => __DIR__ . '/firebase/php-jwt/src/',
    ];
    foreach ($prefixes as $prefix => $dir) {
        if (strncmp($class, $prefix, strlen($prefix)) === 0) {
            $file = $dir . str_replace('\\', '/', substr($class, strlen($prefix))) . '.php';
            if (is_file($file)) {
                require $file;
            }
            return;
        }
    }
});
