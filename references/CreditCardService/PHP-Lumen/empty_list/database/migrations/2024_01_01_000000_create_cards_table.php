<?php

use Illuminate\Database\Migrations\Migration;
use Illuminate\Database\Schema\Blueprint;
use Illuminate\Support\Facades\Schema;

class CreateCardsTable extends Migration
{
    public function up()
    {
        Schema::create('cards', function (Blueprint $table) {
            $table->string('credit_card');
            $table->string('phone');
            $table->unique(['credit_card', 'phone']);
        });
    }

    public function down()
    {
        Schema::dropIfExists('cards');
    }
}
