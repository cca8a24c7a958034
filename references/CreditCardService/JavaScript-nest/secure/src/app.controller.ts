import {
  BadRequestException, Body, Controller, HttpCode, NotFoundException, Post,
} from '@nestjs/common';
import { AppService } from './app.service';

const isText = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

@Controller()
export class AppController {
  constructor(private readonly service: AppService) {}

  @Post('associate_card')
  @HttpCode(201)
  associate(@Body() body: Record<string, unknown>) {
    const { credit_card: card, phone } = body || {};
    if (!isText(card) || !isText(phone)) {
      throw new BadRequestException({ error: 'credit_card and phone must be strings' });
    }
    this.service.associate(card, phone);
    return { message: 'Association created successfully' };
  }

  @Post('retrieve_cards')
  @HttpCode(200)
  retrieve(@Body() body: Record<string, unknown>) {
    const phones = (body || {}).phone_numbers;
    // Only a real array of strings is accepted: an array-like object is not an array.
    if (!Array.isArray(phones) || !phones.every((p) => typeof p === 'string')) {
      throw new BadRequestException({ error: 'phone_numbers must be an array of strings' });
    }
    const cards = this.service.cardsOfAll(phones);
    if (cards.length === 0) throw new NotFoundException({ error: 'Not found' });
    return { card_numbers: cards };
  }
}
