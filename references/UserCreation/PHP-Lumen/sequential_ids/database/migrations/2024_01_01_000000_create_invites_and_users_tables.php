<?php

use Illuminate\Database\Migrations\Migration;
use Illuminate\Database\Schema\Blueprint;
use Illuminate\Support\Facades\Schema;

class CreateInvitesAndUsersTables extends Migration
{
    public function up()
    {
        Schema::create('invites', function (Blueprint $table) {
            $table->string('invite_id')->primary();
            $table->string('email')->unique();
        });
        Schema::create('users', function (Blueprint $table) {
            $table->increments('id');
            $table->string('user_name')->unique();
            $table->string('password_hash');
            $table->string('invite_id');
        });
    }

    public function down()
    {
        Schema::dropIfExists('users');
        Schema::dropIfExists('invites');
    }
}
