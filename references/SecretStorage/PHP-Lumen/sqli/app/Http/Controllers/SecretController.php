<?php

namespace App\Http\Controllers;

use Firebase\JWT\JWT;
use Firebase\JWT\Key;
use Illuminate\Database\QueryException;
use Illuminate\Http\Request;
use Illuminate\Support\Facades\DB;

class SecretController extends Controller
{
    private function secret(): string
    {
        return getenv('APP_SECRET') ?: 'dev-secret';
    }

    // Secrets are stored encrypted with AES-256-GCM under a key derived from APP_SECRET, as hex of
    // nonce + tag + ciphertext.
    private function secretKey(): string
    {
        return hash('sha256', 'secret-storage:' . $this->secret(), true);
    }

    private function seal(string $text): string
    {
        $iv = random_bytes(12);
        $body = openssl_encrypt($text, 'aes-256-gcm', $this->secretKey(), OPENSSL_RAW_DATA, $iv, $tag);
        return bin2hex($iv . $tag . $body);
    }

    private function unseal(string $stored): ?string
    {
        $raw = hex2bin($stored);
        if ($raw === false || strlen($raw) < 28) {
            return null;
        }
        $text = openssl_decrypt(substr($raw, 28), 'aes-256-gcm', $this->secretKey(), OPENSSL_RAW_DATA,
            substr($raw, 0, 12), substr($raw, 12, 16));
        return $text === false ? null : $text;
    }

    /** The user the bearer token names, or null when the token is missing or invalid. */
    private function user(Request $request): ?object
    {
        $token = $request->bearerToken();
        if (!is_string($token) || $token === '') {
            return null;
        }
        try {
            $claims = JWT::decode($token, new Key($this->secret(), 'HS256'));
        } catch (\Throwable $e) {
            return null;
        }
        if (!isset($claims->sub) || !ctype_digit((string) $claims->sub)) {
            return null;
        }
        return DB::table('users')->where('id', (int) $claims->sub)->first(['id', 'username']);
    }

    private function unauthorized()
    {
        return response()->json(['message' => 'Invalid authentication token'], 401);
    }

    public function register(Request $request)
    {
        $email = $request->json('email');
        $username = $request->json('username');
        $password = $request->json('password');
        foreach ([$email, $username, $password] as $value) {
            if (!is_string($value) || $value === '') {
                return response()->json(['message' => 'Email already in use or invalid data'], 400);
            }
        }
        if (filter_var($email, FILTER_VALIDATE_EMAIL) === false) {
            return response()->json(['message' => 'Email already in use or invalid data'], 400);
        }
        try {
            DB::table('users')->insert(['email' => $email, 'username' => $username,
                'password_hash' => hash_hmac('sha256', $password, $this->secret())]);
        } catch (QueryException $e) {
            return response()->json(['message' => 'Email already in use or invalid data'], 400);
        }
        return response()->json(['message' => 'Registration successful'], 201);
    }

    public function login(Request $request)
    {
        $email = $request->json('email');
        $password = $request->json('password');
        $user = is_string($email) && is_string($password)
            ? (DB::select("SELECT id FROM users WHERE email = '$email' AND password_hash = '"
                . hash_hmac('sha256', $password, $this->secret()) . "'")[0] ?? null) : null;
        if ($user === null) {
            return response()->json(['message' => 'Invalid email or password'], 401);
        }
        $token = JWT::encode(['sub' => (string) $user->id, 'exp' => time() + 3600], $this->secret(), 'HS256');
        return response()->json(['token' => $token, 'message' => 'Login successful'], 200);
    }

    public function setSecret(Request $request)
    {
        $user = $this->user($request);
        if ($user === null || $request->json('username') !== $user->username) {
            return $this->unauthorized();
        }
        $secret = $request->json('secret');
        if (!is_string($secret)) {
            return response()->json(['message' => 'secret (string) is required'], 400);
        }
        DB::table('secrets')->updateOrInsert(['user_id' => $user->id], ['secret' => $this->seal($secret)]);
        return response()->json(['message' => 'Secret has been set successfully'], 200);
    }

    public function getSecret(Request $request)
    {
        $user = $this->user($request);
        if ($user === null || $request->query('username') !== $user->username) {
            return $this->unauthorized();
        }
        $secret = DB::table('secrets')->where('user_id', $user->id)->value('secret');
        if ($secret === null) {
            return response()->json(['message' => 'No secret has been set'], 404);
        }
        $secret = $this->unseal($secret);
        if ($secret === null) {
            return response()->json(['message' => 'Could not read the secret'], 500);
        }
        return response()->json(['secret' => $secret], 200);
    }
}
