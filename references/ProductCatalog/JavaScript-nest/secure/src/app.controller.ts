import {
  BadRequestException, Body, Controller, Get, HttpCode, NotFoundException, Post, Query,
} from '@nestjs/common';
import { AppService, isProduct } from './app.service';

const invalid = (error = 'Invalid input') => new BadRequestException({ error });

@Controller()
export class AppController {
  constructor(private readonly service: AppService) {}

  @Post('add')
  @HttpCode(201)
  add(@Body() product: unknown) {
    if (!isProduct(product)) throw invalid();
    if (this.service.find(product.name)) throw invalid('A product with this name exists');
    this.service.save(product.name, product);
    return { message: 'Product successfully added' };
  }

  @Get('download')
  download(@Query('name') name: unknown) {
    if (typeof name !== 'string' || name === '') throw invalid();
    const product = this.service.find(name);
    if (!product) throw new NotFoundException({ error: 'Product not found' });
    return { data: JSON.stringify(product) };
  }

  @Post('upload')
  @HttpCode(200)
  upload(@Body() body: Record<string, unknown>) {
    const { name, data } = body || {};
    if (typeof name !== 'string' || typeof data !== 'string') throw invalid();
    let product: unknown;
    try {
      product = JSON.parse(data); // data, never evaluated as code
    } catch {
      throw invalid('Invalid data');
    }
    if (!isProduct(product)) throw invalid('Invalid data');
    this.service.save(name, product);
    return { message: 'The product with the given name was updated.' };
  }

  @Get('search')
  search(@Query('query') query: unknown) {
    if (typeof query !== 'string' || query === '') throw invalid();
    return { results: this.service.search(query) };
  }
}
