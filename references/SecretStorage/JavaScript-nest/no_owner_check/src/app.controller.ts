import {
  BadRequestException, Body, Controller, Get, HttpCode, NotFoundException, Post, Query,
  UnauthorizedException, UseGuards,
} from '@nestjs/common';
import { AppService } from './app.service';
import { AuthGuard } from './auth.guard';

const isText = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

@Controller()
export class AppController {
  constructor(private readonly service: AppService) {}

  @Post('register')
  @HttpCode(201)
  async register(@Body() body: Record<string, unknown>) {
    const { email, username, password } = body || {};
    const invalid = { message: 'Email already in use or invalid data' };
    if (!isText(email) || !isText(username) || !isText(password) || !email.includes('@')) {
      throw new BadRequestException(invalid);
    }
    if (!(await this.service.register(email, username, password))) throw new BadRequestException(invalid);
    return { message: 'Registration successful' };
  }

  @Post('login')
  @HttpCode(200)
  async login(@Body() body: Record<string, unknown>) {
    const { email, password } = body || {};
    const invalid = { message: 'Invalid email or password' };
    if (!isText(email) || typeof password !== 'string') throw new UnauthorizedException(invalid);
    const token = await this.service.login(email, password);
    if (!token) throw new UnauthorizedException(invalid);
    return { token, message: 'Login successful' };
  }

  // Any valid token will do: the secret is that of whichever user the request names.
  @Post('set_secret')
  @HttpCode(200)
  @UseGuards(AuthGuard)
  setSecret(@Body() body: Record<string, unknown>) {
    const { username, secret } = body || {};
    if (typeof username !== 'string' || typeof secret !== 'string') {
      throw new BadRequestException({ message: 'username and secret (strings) are required' });
    }
    if (!this.service.setSecret(username, secret)) throw new NotFoundException({ message: 'no such user' });
    return { message: 'Secret has been set successfully' };
  }

  @Get('get_secret')
  @UseGuards(AuthGuard)
  getSecret(@Query('username') username: unknown) {
    const secret = this.service.secretOf(String(username));
    if (secret === undefined) throw new NotFoundException({ message: 'No secret has been set' });
    return { secret };
  }
}
