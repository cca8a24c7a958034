<?php

namespace App\Http\Controllers;

use DateTime;
use Illuminate\Http\Request;
use Illuminate\Support\Facades\DB;
use Illuminate\Support\Str;

class ClickController extends Controller
{
    /** The comparison operators a request may choose; the SQL text only ever comes from here. */
    private const OPERATORS = ['<' => '<', '>' => '>', '<=' => '<=', '>=' => '>='];

    public function store()
    {
        $stamp = (new DateTime('now', new \DateTimeZone('UTC')))->format('Y-m-d\TH:i:s.u\Z');
        DB::table('clicks')->insert(['id' => (string) Str::uuid(), 'timestamp' => $stamp]);
        return response()->json(['message' => 'Click registered successfully'], 201);
    }

    public function index(Request $request)
    {
        $date = $request->query('date');
        $direction = $request->query('direction');
        if (!is_string($date) || !preg_match('/^\d{4}-\d{2}-\d{2}/', $date) || !is_string($direction) || !isset(self::OPERATORS[$direction])) {
            return response()->json(['error' => 'date and direction are required'], 400);
        }
        $rows = collect(DB::select("SELECT id, timestamp FROM clicks WHERE timestamp $direction '$date' ORDER BY timestamp"));
        if ($rows->isEmpty()) {
            return response()->json(['error' => 'No clicks found'], 404);
        }
        return response()->json($rows, 200);
    }
}
