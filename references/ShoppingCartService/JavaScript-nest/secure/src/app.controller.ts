import {
  BadRequestException, Body, Controller, HttpCode, NotFoundException, Post,
} from '@nestjs/common';
import { AppService } from './app.service';

const isInt = (v: unknown): v is number => Number.isInteger(v);

@Controller()
export class AppController {
  constructor(private readonly service: AppService) {}

  @Post('create_cart')
  @HttpCode(201)
  create() {
    return { cart_id: this.service.create() };
  }

  @Post('add_to_cart')
  @HttpCode(200)
  add(@Body() body: Record<string, unknown>) {
    const { cart_id: cartId, item_id: itemId, count } = body || {};
    if (typeof cartId !== 'string' || !isInt(itemId) || !isInt(count) || count === 0) {
      throw new BadRequestException({ error: 'cart_id (string), item_id and count (non-zero integers) are required' });
    }
    if (!this.service.exists(cartId)) throw new NotFoundException({ error: 'cart not found' });
    if (!this.service.add(cartId, itemId, count)) {
      throw new BadRequestException({ error: 'cannot remove more items than the cart holds' });
    }
    return { message: 'cart updated' };
  }

  @Post('retrieve_cart')
  @HttpCode(200)
  retrieve(@Body() body: Record<string, unknown>) {
    const { cart_id: cartId } = body || {};
    if (typeof cartId !== 'string') throw new BadRequestException({ error: 'cart_id (string) is required' });
    if (!this.service.exists(cartId)) throw new NotFoundException({ error: 'cart not found' });
    return { items: this.service.items(cartId) };
  }
}
