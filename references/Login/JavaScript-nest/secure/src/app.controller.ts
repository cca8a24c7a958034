import {
  BadRequestException, Body, Controller, HttpCode, Post, UnauthorizedException,
} from '@nestjs/common';
import { AppService } from './app.service';

const isText = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

@Controller()
export class AppController {
  constructor(private readonly service: AppService) {}

  @Post('register')
  @HttpCode(201)
  async register(@Body() body: Record<string, unknown>) {
    const { email, password, name } = body || {};
    const invalid = { message: 'Email already in use or invalid data' };
    if (!isText(email) || !isText(password) || !isText(name) || !email.includes('@')) {
      throw new BadRequestException(invalid);
    }
    if (!(await this.service.register(email, password, name))) {
      throw new BadRequestException(invalid);
    }
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
}
