import { BadRequestException, Body, Controller, HttpCode, Post } from '@nestjs/common';
import { AppService } from './app.service';

const INVALID = { error: 'Invalid request payload' };

@Controller()
export class AppController {
  constructor(private readonly service: AppService) {}

  @Post('heartbeat')
  @HttpCode(200)
  heartbeat(@Body() body: Record<string, unknown>) {
    const { serviceId, token } = body || {};
    if (typeof serviceId !== 'string' || typeof token !== 'string') throw new BadRequestException(INVALID);
    this.service.heartbeat(serviceId, token);
    return { message: 'Heartbeat registered successfully' };
  }

  @Post('services')
  @HttpCode(200)
  services(@Body() body: Record<string, unknown>) {
    const { token } = body || {};
    if (typeof token !== 'string') throw new BadRequestException(INVALID);
    return this.service.services(token);
  }
}
