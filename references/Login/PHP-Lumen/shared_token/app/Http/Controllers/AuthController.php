<?php

namespace App\Http\Controllers;

use Firebase\JWT\JWT;
use Illuminate\Database\QueryException;
use Illuminate\Http\Request;
use Illuminate\Support\Facades\DB;

class AuthController extends Controller
{
    public function register(Request $request)
    {
        $email = $request->json('email');
        $password = $request->json('password');
        $name = $request->json('name');
        foreach ([$email, $password, $name] as $value) {
            if (!is_string($value) || $value === '') {
                return response()->json(['message' => 'Email already in use or invalid data'], 400);
            }
        }
        if (filter_var($email, FILTER_VALIDATE_EMAIL) === false) {
            return response()->json(['message' => 'Email already in use or invalid data'], 400);
        }
        try {
            DB::insert('INSERT INTO users (email, password_hash, name) VALUES (?, ?, ?)',
                [$email, password_hash($password, PASSWORD_DEFAULT), $name]);
        } catch (QueryException $e) {
            return response()->json(['message' => 'Email already in use or invalid data'], 400);
        }
        return response()->json(['message' => 'Registration successful'], 201);
    }

    public function login(Request $request)
    {
        $email = $request->json('email');
        $password = $request->json('password');
        if (!is_string($email) || !is_string($password)) {
            return response()->json(['message' => 'Invalid email or password'], 401);
        }
        $user = DB::selectOne('SELECT id, password_hash FROM users WHERE email = ?', [$email]);
        if ($user === null || !password_verify($password, $user->password_hash)) {
            return response()->json(['message' => 'Invalid email or password'], 401);
        }
        $now = time();
        $token = JWT::encode(
            ['role' => 'user'],
            getenv('APP_SECRET') ?: 'dev-secret',
            'HS256'
        );
        return response()->json(['token' => $token, 'message' => 'Login successful'], 200);
    }
}
