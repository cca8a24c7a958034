<?php

use Illuminate\Database\Migrations\Migration;
use Illuminate\Database\Schema\Blueprint;
use Illuminate\Support\Facades\Schema;

class CreateRecipesTables extends Migration
{
    public function up()
    {
        Schema::create('recipes', function (Blueprint $table) {
            $table->increments('seq');
            $table->string('id')->unique();
            $table->string('title');
            $table->text('ingredients');
            $table->text('instructions');
        });
        Schema::create('comments', function (Blueprint $table) {
            $table->increments('seq');
            $table->string('recipe_id')->index();
            $table->text('comment');
        });
        Schema::create('ratings', function (Blueprint $table) {
            $table->string('recipe_id')->index();
            $table->integer('rating');
        });
    }

    public function down()
    {
        Schema::dropIfExists('ratings');
        Schema::dropIfExists('comments');
        Schema::dropIfExists('recipes');
    }
}
