import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { AppService } from './app.service';

@Controller()
export class AppController {
  constructor(private readonly service: AppService) {}

  @Post('decideUnsubscribe')
  @HttpCode(200)
  decide(@Body() raw: unknown) {
    return this.service.decide(typeof raw === 'string' ? raw : '');
  }
}
