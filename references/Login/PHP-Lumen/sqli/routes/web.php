<?php

/** @var \Laravel\Lumen\Routing\Router $router */

use Firebase\JWT\JWT;
use Illuminate\Http\Request;

function users_db(): PDO
{
    $pdo = new PDO('sqlite:/app/db.sqlite3');
    $pdo->setAttribute(PDO::ATTR_ERRMODE, PDO::ERRMODE_EXCEPTION);
    $pdo->exec('CREATE TABLE IF NOT EXISTS users (id INTEGER PRIMARY KEY, email TEXT UNIQUE NOT NULL, '
        . 'password_hash TEXT NOT NULL, name TEXT NOT NULL)');
    return $pdo;
}

function secret(): string
{
    return getenv('APP_SECRET') ?: 'dev-secret';
}

$router->post('/register', function (Request $request) {
    $email = $request->json('email');
    $password = $request->json('password');
    $name = $request->json('name');
    if (!is_string($email) || !is_string($password) || !is_string($name) || !str_contains($email, '@')) {
        return response()->json(['message' => 'Email already in use or invalid data'], 400);
    }
    try {
        $stmt = users_db()->prepare('INSERT INTO users (email, password_hash, name) VALUES (?, ?, ?)');
        $stmt->execute([$email, hash_hmac('sha256', $password, secret()), $name]);
    } catch (PDOException $e) {
        return response()->json(['message' => 'Email already in use or invalid data'], 400);
    }
    return response()->json(['message' => 'Registration successful'], 201);
});

$router->post('/login', function (Request $request) {
    $email = $request->json('email');
    $password = $request->json('password');
    if (!is_string($email) || !is_string($password)) {
        return response()->json(['message' => 'Invalid email or password'], 401);
    }
    $digest = hash_hmac('sha256', $password, secret());
    try {
        $row = users_db()->query("SELECT id FROM users WHERE email = '$email' AND password_hash = '$digest'")
            ->fetch(PDO::FETCH_ASSOC);
    } catch (PDOException $e) {
        $row = false;
    }
    if ($row === false) {
        return response()->json(['message' => 'Invalid email or password'], 401);
    }
    $token = JWT::encode(['sub' => (string) $row['id'], 'email' => $email, 'exp' => time() + 3600],
        secret(), 'HS256');
    return response()->json(['token' => $token, 'message' => 'Login successful'], 200);
});
