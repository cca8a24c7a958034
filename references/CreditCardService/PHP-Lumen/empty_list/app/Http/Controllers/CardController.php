<?php

namespace App\Http\Controllers;

use Illuminate\Http\Request;
use Illuminate\Support\Facades\DB;

class CardController extends Controller
{
    public function associate(Request $request)
    {
        $card = $request->json('credit_card');
        $phone = $request->json('phone');
        if (!is_string($card) || !is_string($phone) || $card === '' || $phone === '') {
            return response()->json(['error' => 'credit_card and phone must be strings'], 400);
        }
        DB::table('cards')->insertOrIgnore(['credit_card' => $card, 'phone' => $phone]);
        return response()->json(['message' => 'Association created successfully'], 201);
    }

    public function retrieve(Request $request)
    {
        $phones = $request->json('phone_numbers');
        if (!is_array($phones) || !array_is_list($phones) || count(array_filter($phones, 'is_string')) !== count($phones)) {
            return response()->json(['error' => 'phone_numbers must be an array of strings'], 400);
        }
        $wanted = array_values(array_unique($phones));
        $cards = DB::table('cards')->distinct()->orderBy('credit_card')->pluck('credit_card');
        foreach ($wanted as $phone) {
            $cards = $cards->intersect(DB::table('cards')->where('phone', $phone)->pluck('credit_card'))->values();
        }
        if ($cards->isEmpty()) {
            return response()->json(['error' => 'Not found'], 404);
        }
        return response()->json(['card_numbers' => $cards], 200);
    }
}
