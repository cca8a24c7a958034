<?php

use Illuminate\Database\Migrations\Migration;
use Illuminate\Database\Schema\Blueprint;
use Illuminate\Support\Facades\Schema;

class CreateUsersAndSecretsTables extends Migration
{
    public function up()
    {
        Schema::create('users', function (Blueprint $table) {
            $table->increments('id');
            $table->string('email')->unique();
            $table->string('username')->unique();
            $table->string('password_hash');
        });
        Schema::create('secrets', function (Blueprint $table) {
            $table->unsignedInteger('user_id')->primary();
            $table->text('secret');
        });
    }

    public function down()
    {
        Schema::dropIfExists('secrets');
        Schema::dropIfExists('users');
    }
}
