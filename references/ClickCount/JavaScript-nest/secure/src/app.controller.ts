import {
  BadRequestException, Controller, Get, HttpCode, NotFoundException, Post, Query,
} from '@nestjs/common';
import { AppService } from './app.service';

function isDate(text: unknown): text is string {
  if (typeof text !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const parsed = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === text;
}

@Controller()
export class AppController {
  constructor(private readonly service: AppService) {}

  @Post('click')
  @HttpCode(201)
  click() {
    this.service.register();
    return { message: 'Click registered successfully' };
  }

  @Get('clicks')
  clicks(@Query('date') date: unknown, @Query('direction') direction: unknown) {
    const operator = this.service.operator(direction);
    if (!isDate(date) || !operator) {
      throw new BadRequestException({ error: 'date must be YYYY-MM-DD and direction one of <, >, <=, >=' });
    }
    const rows = this.service.find(date, operator);
    if (rows.length === 0) throw new NotFoundException({ error: 'No clicks found' });
    return rows;
  }
}
