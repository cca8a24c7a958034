import {
  BadRequestException, Body, Controller, Get, HttpCode, Post, Query, Res,
} from '@nestjs/common';
import { Response } from 'express';
import { AppService } from './app.service';

const escapeHtml = (s: unknown) => String(s).replace(/[&<>"']/g, (c) => (
  { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));

@Controller('recommender')
export class AppController {
  constructor(private readonly service: AppService) {}

  @Get()
  recommend(@Query('tags') raw: unknown, @Res({ passthrough: true }) res: Response) {
    const tags = (typeof raw === 'string' ? raw : '').split(',').map((t) => t.trim()).filter((t) => t);
    if (tags.length === 0) throw new BadRequestException({ error: 'tags is required' });
    const items = this.service.withAnyTag(tags).map((name) => `<li>${escapeHtml(name)}</li>`).join('');
    res.type('html');
    return '<!DOCTYPE html><html><head><title>Recommendations</title></head>'
      + `<body><h1>Products tagged ${escapeHtml(tags.join(', '))}</h1><ul>${items}</ul></body></html>`;
  }

  @Post()
  @HttpCode(200)
  add(@Body() body: Record<string, unknown>) {
    const { product_name: name, tags } = body || {};
    if (typeof name !== 'string' || !name || !Array.isArray(tags) || !tags.every((t) => typeof t === 'string')) {
      throw new BadRequestException({ error: 'product_name (string) and tags (list of strings) are required' });
    }
    this.service.add(name, tags);
    return { message: 'product stored' };
  }
}
