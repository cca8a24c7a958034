import { Module } from '@nestjs/common';
import { AppController } from './app.controller';
import { AppService } from './app.service';
import { AuthGuard } from './auth.guard';

@Module({
  controllers: [AppController],
  providers: [AppService, AuthGuard],
})
export class AppModule {}
