import { Module } from '@nestjs/common';
import { AppController } from './app.controller';
import { AppService } from './app.service';
import { SessionGuard } from './session.guard';

@Module({
  controllers: [AppController],
  providers: [AppService, SessionGuard],
})
export class AppModule {}
