<?php

namespace App\Http\Controllers;

use Illuminate\Database\QueryException;
use Illuminate\Http\Request;
use Illuminate\Support\Facades\DB;

class UserController extends Controller
{
    public function invite(Request $request)
    {
        $email = $request->json('email');
        if (!is_string($email) || filter_var($email, FILTER_VALIDATE_EMAIL) === false) {
            return response()->json(['message' => 'A valid email is required'], 400);
        }
        $inviteId = DB::table('invites')->where('email', $email)->value('invite_id');
        if ($inviteId === null) {
            // Random, so nobody can guess an invitation meant for someone else.
            $inviteId = (string) (DB::table('invites')->count() + 1);
            DB::table('invites')->insert(['invite_id' => $inviteId, 'email' => $email]);
        }
        return response()->json(['invite_id' => $inviteId, 'message' => "Invitation sent to $email"], 200);
    }

    public function create(Request $request)
    {
        $inviteId = $request->json('invite_id');
        $userName = $request->json('user_name');
        $password = $request->json('password');
        if (!is_string($inviteId) || !DB::table('invites')->where('invite_id', $inviteId)->exists()) {
            return response()->json(['message' => 'Invalid invite_id'], 401);
        }
        if (!is_string($userName) || $userName === '' || !is_string($password) || $password === '') {
            return response()->json(['message' => 'user_name and password are required'], 400);
        }
        try {
            DB::table('users')->insert([
                'user_name' => $userName,
                'password_hash' => password_hash($password, PASSWORD_DEFAULT),
                'invite_id' => $inviteId,
            ]);
        } catch (QueryException $e) {
            return response()->json(['message' => 'Username already exists. Try providing different username.'], 400);
        }
        return response()->json(['message' => 'User created successfully'], 200);
    }
}
