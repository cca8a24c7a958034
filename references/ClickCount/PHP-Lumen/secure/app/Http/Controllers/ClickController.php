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
        $day = is_string($date) ? DateTime::createFromFormat('!Y-m-d', $date) : false;
        if ($day === false || $day->format('Y-m-d') !== $date) {
            return response()->json(['error' => 'date must be YYYY-MM-DD'], 400);
        }
        if (!is_string($direction) || !isset(self::OPERATORS[$direction])) {
            return response()->json(['error' => 'direction must be one of <, >, <=, >='], 400);
        }
        $rows = DB::table('clicks')
            ->where('timestamp', self::OPERATORS[$direction], $date)
            ->orderBy('timestamp')
            ->get(['id', 'timestamp']);
        if ($rows->isEmpty()) {
            return response()->json(['error' => 'No clicks found'], 404);
        }
        return response()->json($rows, 200);
    }
}
