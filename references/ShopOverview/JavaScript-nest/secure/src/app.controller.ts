import {
  BadRequestException, Body, Controller, Get, Header, HttpCode, Post, Query, Req, Res,
  UnauthorizedException, UseGuards,
} from '@nestjs/common';
import { Response } from 'express';
import { AppService } from './app.service';
import { COOKIE, MerchantRequest, SessionGuard } from './session.guard';

const isText = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
const escapeHtml = (s: unknown) => String(s).replace(/[&<>"']/g, (c) => (
  { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));

function priceParam(name: string, raw: unknown): number | null {
  if (raw === undefined || raw === '') return null;
  const value = Number(raw);
  if (typeof raw !== 'string' || !Number.isFinite(value)) {
    throw new BadRequestException({ error: `${name} must be a number` });
  }
  return value;
}

@Controller()
export class AppController {
  constructor(private readonly service: AppService) {}

  @Post('merchants/register')
  @HttpCode(201)
  async register(@Body() body: Record<string, unknown>) {
    const { email, name, password } = body || {};
    if (!isText(email) || !isText(name) || !isText(password) || !email.includes('@')) {
      throw new BadRequestException({ error: 'Invalid input' });
    }
    if (!(await this.service.register(email, name, password))) {
      throw new BadRequestException({ error: 'Email already registered' });
    }
    return { message: 'Merchant registered successfully' };
  }

  @Post('merchants/login')
  @HttpCode(200)
  @Header('Content-Type', 'application/json')
  async login(@Body() body: Record<string, unknown>, @Res({ passthrough: true }) res: Response) {
    const { email, password } = body || {};
    const token = isText(email) && typeof password === 'string' ? await this.service.login(email, password) : null;
    if (!token) throw new UnauthorizedException({ error: 'Invalid email or password' });
    res.cookie(COOKIE, token, { httpOnly: true, sameSite: 'lax' });
    return JSON.stringify('Login successful');
  }

  @Post('merchants/upload-wares')
  @HttpCode(200)
  @UseGuards(SessionGuard)
  async upload(@Req() request: MerchantRequest, @Body() body: Record<string, unknown>) {
    const text = (body || {}).csv;
    const wares = typeof text === 'string' ? await this.service.parseWares(text) : null;
    if (!wares) throw new BadRequestException({ error: 'Invalid CSV format' });
    this.service.addWares(request.merchant, wares);
    return { message: 'Wares uploaded successfully' };
  }

  @Get('wares')
  @UseGuards(SessionGuard)
  wares(@Query('minPrice') min: unknown, @Query('maxPrice') max: unknown,
    @Res({ passthrough: true }) res: Response) {
    const rows = this.service.list(priceParam('minPrice', min), priceParam('maxPrice', max));
    const body = rows.map((r) => `<tr><td>${escapeHtml(r.name)}</td><td>${escapeHtml(r.description)}</td>`
      + `<td>${r.price}</td><td>${escapeHtml(r.email)}</td></tr>`).join('');
    res.type('html');
    return '<!DOCTYPE html><html><head><title>Wares</title></head><body><table>'
      + `<tr><th>Name</th><th>Description</th><th>Price</th><th>Merchant</th></tr>${body}</table></body></html>`;
  }
}
