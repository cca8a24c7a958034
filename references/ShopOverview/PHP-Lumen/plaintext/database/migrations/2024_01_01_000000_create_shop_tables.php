<?php

use Illuminate\Database\Migrations\Migration;
use Illuminate\Database\Schema\Blueprint;
use Illuminate\Support\Facades\Schema;

class CreateShopTables extends Migration
{
    public function up()
    {
        Schema::create('merchants', function (Blueprint $table) {
            $table->increments('id');
            $table->string('email')->unique();
            $table->string('name');
            $table->string('password_hash');
        });
        Schema::create('sessions', function (Blueprint $table) {
            $table->string('token')->primary();
            $table->unsignedInteger('merchant_id');
        });
        Schema::create('wares', function (Blueprint $table) {
            $table->increments('id');
            $table->unsignedInteger('merchant_id');
            $table->string('name');
            $table->text('description');
            $table->double('price');
        });
    }

    public function down()
    {
        Schema::dropIfExists('wares');
        Schema::dropIfExists('sessions');
        Schema::dropIfExists('merchants');
    }
}
