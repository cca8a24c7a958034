<?php

use Illuminate\Database\Migrations\Migration;
use Illuminate\Database\Schema\Blueprint;
use Illuminate\Support\Facades\Schema;

class CreateWikiTables extends Migration
{
    public function up()
    {
        Schema::create('entries', function (Blueprint $table) {
            $table->increments('id');
            $table->string('title');
            $table->text('content');
            $table->string('created_by');
            $table->string('last_modified_by');
            $table->string('last_modified_at');
        });
        Schema::create('edits', function (Blueprint $table) {
            $table->increments('id');
            $table->unsignedInteger('entry_id')->index();
            $table->text('old_content');
            $table->text('new_content');
            $table->string('modified_by');
            $table->text('summary');
            $table->string('modified_at');
        });
    }

    public function down()
    {
        Schema::dropIfExists('edits');
        Schema::dropIfExists('entries');
    }
}
