<?php

use Illuminate\Database\Migrations\Migration;
use Illuminate\Database\Schema\Blueprint;
use Illuminate\Support\Facades\Schema;

class CreateServicesTable extends Migration
{
    public function up()
    {
        Schema::create('services', function (Blueprint $table) {
            $table->string('service_id');
            $table->string('token_key');
            $table->string('last_notification');
            $table->primary(['service_id', 'token_key']);
            $table->index('token_key');
        });
    }

    public function down()
    {
        Schema::dropIfExists('services');
    }
}
