import { BadRequestException, Body, Controller, HttpCode, Post } from '@nestjs/common';
import { AppService } from './app.service';

@Controller()
export class AppController {
  constructor(private readonly service: AppService) {}

  @Post('calculator')
  @HttpCode(200)
  calculator(@Body() body: { expression?: unknown }) {
    const expression = body && body.expression;
    if (typeof expression !== 'string' || expression.length > 1000) {
      throw new BadRequestException({ error: 'Invalid input' });
    }
    try {
      return { result: String(this.service.calculate(expression)) };
    } catch {
      throw new BadRequestException({ error: 'Invalid input' });
    }
  }
}
