import {
  BadRequestException, Body, Controller, Get, HttpCode, Post, Query, Res,
} from '@nestjs/common';
import { Response } from 'express';
import { AppService } from './app.service';

const ESCAPES: Record<string, string> = {
  '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;',
};
const escapeHtml = (text: string) => String(text).replace(/[&<>"'`]/g, (c) => ESCAPES[c]);
const ORDERS: Record<string, 'ASC' | 'DESC'> = { ASC: 'ASC', DESC: 'DESC' };

/** A non-negative integer query parameter, its fallback when absent, or null when malformed. */
function intParam(value: unknown, fallback: number): number | null {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !/^\d+$/.test(value)) return null;
  return Number(value);
}

@Controller('messages')
export class AppController {
  constructor(private readonly service: AppService) {}

  @Get()
  list(@Query() query: Record<string, unknown>, @Res({ passthrough: true }) res: Response) {
    const limit = intParam(query.limit, 10);
    const offset = intParam(query.offset, 0);
    const order = typeof query.sort === 'string' ? ORDERS[query.sort.toUpperCase()] : 'DESC';
    if (limit === null || offset === null || !order) {
      throw new BadRequestException({ error: 'limit and offset must be non-negative integers, sort ASC or DESC' });
    }
    const items = this.service.list(Math.min(limit, 1000), offset, order)
      .map((m) => `<li><b>${escapeHtml(m.username)}</b>: ${escapeHtml(m.content)}</li>`).join('');
    res.type('html');
    return `<!DOCTYPE html><html><head><title>Forum</title></head><body><ul>${items}</ul></body></html>`;
  }

  @Post()
  @HttpCode(200)
  post(@Body() body: Record<string, unknown>) {
    const { content, username } = body || {};
    if (typeof content !== 'string' || typeof username !== 'string' || !content || !username) {
      throw new BadRequestException({ error: 'content and username must be non-empty strings' });
    }
    this.service.post(content, username);
    return { message: 'Message posted' };
  }
}
