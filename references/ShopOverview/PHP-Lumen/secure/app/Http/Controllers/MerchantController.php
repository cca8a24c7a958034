<?php

namespace App\Http\Controllers;

use Illuminate\Database\QueryException;
use Illuminate\Http\Request;
use Illuminate\Support\Facades\DB;
use Symfony\Component\HttpFoundation\Cookie;

class MerchantController extends Controller
{
    private const COOKIE = 'AUTH_COOKIE';

    /** The id of the merchant whose session cookie came with the request, or null. */
    private function currentMerchant(Request $request): ?int
    {
        $token = $request->cookie(self::COOKIE);
        if (!is_string($token) || $token === '') {
            return null;
        }
        $id = DB::table('sessions')->where('token', $token)->value('merchant_id');
        return $id === null ? null : (int) $id;
    }

    public function register(Request $request)
    {
        $email = $request->json('email');
        $name = $request->json('name');
        $password = $request->json('password');
        foreach ([$email, $name, $password] as $value) {
            if (!is_string($value) || $value === '') {
                return response()->json(['error' => 'Invalid input'], 400);
            }
        }
        if (filter_var($email, FILTER_VALIDATE_EMAIL) === false) {
            return response()->json(['error' => 'Invalid input'], 400);
        }
        try {
            DB::table('merchants')->insert(['email' => $email, 'name' => $name,
                'password_hash' => password_hash($password, PASSWORD_DEFAULT)]);
        } catch (QueryException $e) {
            return response()->json(['error' => 'Email already registered'], 400);
        }
        return response()->json(['message' => 'Merchant registered successfully'], 201);
    }

    public function login(Request $request)
    {
        $email = $request->json('email');
        $password = $request->json('password');
        $merchant = is_string($email) && is_string($password)
            ? DB::table('merchants')->where('email', $email)->first() : null;
        if ($merchant === null || !password_verify($password, $merchant->password_hash)) {
            return response()->json(['error' => 'Invalid email or password'], 401);
        }
        // The cookie is a random session token, never anything derived from the credentials.
        $token = bin2hex(random_bytes(32));
        DB::table('sessions')->insert(['token' => $token, 'merchant_id' => $merchant->id]);
        return response()->json('Login successful', 200)
            ->withCookie(new Cookie(self::COOKIE, $token, 0, '/', null, false, true, false, Cookie::SAMESITE_LAX));
    }

    /** [[name, description, price], ...] from the CSV, or null when a line is malformed. */
    private function parseWares(string $text): ?array
    {
        $stream = fopen('php://memory', 'r+');
        fwrite($stream, $text);
        rewind($stream);
        $wares = [];
        while (($fields = fgetcsv($stream, null, ',', '"', '')) !== false) {
            if ($fields === [null] || trim(implode('', $fields)) === '') {
                continue;
            }
            if (count($fields) !== 3 || !is_numeric(trim($fields[2])) || !is_finite((float) $fields[2])) {
                return null;
            }
            $wares[] = [trim($fields[0]), trim($fields[1]), (float) trim($fields[2])];
        }
        fclose($stream);
        return $wares;
    }

    public function uploadWares(Request $request)
    {
        $merchant = $this->currentMerchant($request);
        if ($merchant === null) {
            return response()->json(['error' => 'Unauthorized'], 401);
        }
        $csv = $request->json('csv');
        $wares = is_string($csv) ? $this->parseWares($csv) : null;
        if ($wares === null) {
            return response()->json(['error' => 'Invalid CSV format'], 400);
        }
        DB::table('wares')->insert(array_map(fn ($w) => ['merchant_id' => $merchant, 'name' => $w[0],
            'description' => $w[1], 'price' => $w[2]], $wares));
        return response()->json(['message' => 'Wares uploaded successfully'], 200);
    }

    public function wares(Request $request)
    {
        if ($this->currentMerchant($request) === null) {
            return response()->json(['error' => 'Unauthorized'], 401);
        }
        $bounds = [];
        foreach (['minPrice', 'maxPrice'] as $name) {
            $value = $request->query($name);
            if ($value !== null && $value !== '' && (!is_string($value) || !is_numeric($value))) {
                return response()->json(['error' => 'minPrice and maxPrice must be numbers'], 400);
            }
            $bounds[$name] = ($value === null || $value === '') ? null : (float) $value;
        }
        $query = DB::table('wares')->join('merchants', 'merchants.id', '=', 'wares.merchant_id')
            ->orderBy('wares.id');
        if ($bounds['minPrice'] !== null) {
            $query->where('wares.price', '>=', $bounds['minPrice']);
        }
        if ($bounds['maxPrice'] !== null) {
            $query->where('wares.price', '<=', $bounds['maxPrice']);
        }
        $e = fn (string $text) => htmlspecialchars($text, ENT_QUOTES | ENT_SUBSTITUTE, 'UTF-8');
        $rows = $query->get(['wares.name', 'wares.description', 'wares.price', 'merchants.email'])
            ->map(fn ($w) => '<tr><td>' . $e($w->name) . '</td><td>' . $e($w->description) . '</td><td>'
                . $e((string) $w->price) . '</td><td>' . $e($w->email) . '</td></tr>')->implode('');
        $page = '<!DOCTYPE html><html><head><title>Wares</title></head><body><table>'
            . "<tr><th>Name</th><th>Description</th><th>Price</th><th>Merchant</th></tr>$rows</table></body></html>";
        return response($page, 200, ['Content-Type' => 'text/html; charset=utf-8']);
    }
}
