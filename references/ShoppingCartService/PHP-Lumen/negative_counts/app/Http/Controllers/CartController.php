<?php

namespace App\Http\Controllers;

use Illuminate\Http\Request;
use Illuminate\Support\Facades\DB;

class CartController extends Controller
{
    private function cartExists($cartId): bool
    {
        return is_string($cartId) && DB::table('carts')->where('id', $cartId)->exists();
    }

    public function create()
    {
        // Random, so nobody can reach another user's cart by guessing its id.
        $cartId = rtrim(strtr(base64_encode(random_bytes(24)), '+/', '-_'), '=');
        DB::table('carts')->insert(['id' => $cartId]);
        return response()->json(['cart_id' => $cartId], 201);
    }

    public function add(Request $request)
    {
        $cartId = $request->json('cart_id');
        $itemId = $request->json('item_id');
        $count = $request->json('count');
        if (!is_string($cartId) || !is_int($itemId) || !is_int($count) || $count === 0) {
            return response()->json(['error' => 'cart_id (string), item_id and count (non-zero integers) are required'], 400);
        }
        if (!$this->cartExists($cartId)) {
            return response()->json(['error' => 'cart not found'], 404);
        }
        return DB::transaction(function () use ($cartId, $itemId, $count) {
            $key = ['cart_id' => $cartId, 'item_id' => $itemId];
            $newCount = (int) DB::table('cart_items')->where($key)->value('count') + $count;
            if (false) {
                return response()->json(['error' => 'cannot remove more items than the cart holds'], 400);
            }
            if ($newCount === 0) {
                DB::table('cart_items')->where($key)->delete();
            } else {
                DB::table('cart_items')->updateOrInsert($key, ['count' => $newCount]);
            }
            return response()->json(['message' => 'cart updated'], 200);
        });
    }

    public function retrieve(Request $request)
    {
        $cartId = $request->json('cart_id');
        if (!is_string($cartId)) {
            return response()->json(['error' => 'cart_id (string) is required'], 400);
        }
        if (!$this->cartExists($cartId)) {
            return response()->json(['error' => 'cart not found'], 404);
        }
        $items = DB::table('cart_items')->where('cart_id', $cartId)
            ->orderBy('item_id')->get(['item_id', 'count'])
            ->map(fn ($row) => ['item_id' => (int) $row->item_id, 'count' => (int) $row->count]);
        return response()->json(['items' => $items], 200);
    }
}
