import {
  BadRequestException, Body, Controller, Get, Header, HttpCode, Post,
} from '@nestjs/common';
import { AppService } from './app.service';

@Controller()
export class AppController {
  constructor(private readonly service: AppService) {}

  @Post('log')
  @HttpCode(200)
  async log(@Body() body: Record<string, unknown>) {
    const message = body && body.message;
    if (typeof message !== 'string') throw new BadRequestException({ error: 'a string message is required' });
    await this.service.append(message);
    return { status: 'logged' };
  }

  @Get('logs')
  @Header('Content-Type', 'text/plain; charset=utf-8')
  logs() {
    return this.service.read();
  }
}
