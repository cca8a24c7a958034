<?php

use Illuminate\Database\Migrations\Migration;
use Illuminate\Database\Schema\Blueprint;
use Illuminate\Support\Facades\Schema;

class CreateCartsTables extends Migration
{
    public function up()
    {
        Schema::create('carts', function (Blueprint $table) {
            $table->string('id')->primary();
        });
        Schema::create('cart_items', function (Blueprint $table) {
            $table->string('cart_id');
            $table->integer('item_id');
            $table->integer('count');
            $table->primary(['cart_id', 'item_id']);
        });
    }

    public function down()
    {
        Schema::dropIfExists('cart_items');
        Schema::dropIfExists('carts');
    }
}
