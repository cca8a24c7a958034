import {
  BadRequestException, Body, Controller, Get, HttpCode, NotFoundException, Post, Query, Req,
  UnauthorizedException, UseGuards,
} from '@nestjs/common';
import { AppService } from './app.service';
import { AuthGuard, AuthedRequest, INVALID_TOKEN } from './auth.guard';

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

  // A token only ever opens its own user's secret.
  @Post('set_secret')
  @HttpCode(200)
  @UseGuards(AuthGuard)
  setSecret(@Req() request: AuthedRequest, @Body() body: Record<string, unknown>) {
    const { username, secret } = body || {};
    if (username !== request.user.username) throw new UnauthorizedException(INVALID_TOKEN);
    if (typeof secret !== 'string') throw new BadRequestException({ message: 'secret (string) is required' });
    this.service.setSecret(request.user, secret);
    return { message: 'Secret has been set successfully' };
  }

  @Get('get_secret')
  @UseGuards(AuthGuard)
  getSecret(@Req() request: AuthedRequest, @Query('username') username: unknown) {
    if (username !== request.user.username) throw new UnauthorizedException(INVALID_TOKEN);
    const secret = this.service.secretOf(request.user);
    if (secret === undefined) throw new NotFoundException({ message: 'No secret has been set' });
    return { secret };
  }
}
