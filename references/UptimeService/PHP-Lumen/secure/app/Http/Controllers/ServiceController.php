<?php

namespace App\Http\Controllers;

use Illuminate\Http\Request;
use Illuminate\Support\Facades\DB;

class ServiceController extends Controller
{
    /** Tokens are secrets: only a keyed hash of them is stored (and looked up). */
    private function tokenKey(string $token): string
    {
        return hash_hmac('sha256', $token, getenv('APP_SECRET') ?: 'dev-secret');
    }

    public function heartbeat(Request $request)
    {
        $serviceId = $request->json('serviceId');
        $token = $request->json('token');
        if (!is_string($serviceId) || !is_string($token)) {
            return response()->json(['error' => 'Invalid request payload'], 400);
        }
        DB::table('services')->updateOrInsert(
            ['service_id' => $serviceId, 'token_key' => $this->tokenKey($token)],
            ['last_notification' => gmdate('Y-m-d\TH:i:s\Z')]
        );
        return response()->json(['message' => 'Heartbeat registered successfully'], 200);
    }

    public function index(Request $request)
    {
        $token = $request->json('token');
        if (!is_string($token)) {
            return response()->json(['error' => 'Invalid request payload'], 400);
        }
        $services = DB::table('services')->where('token_key', $this->tokenKey($token))
            ->orderBy('service_id')->get()
            ->map(fn ($row) => ['serviceId' => $row->service_id, 'lastNotification' => $row->last_notification]);
        return response()->json($services, 200);
    }
}
