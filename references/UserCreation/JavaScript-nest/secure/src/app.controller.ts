import {
  BadRequestException, Body, Controller, HttpCode, Post, UnauthorizedException,
} from '@nestjs/common';
import { AppService } from './app.service';

@Controller()
export class AppController {
  constructor(private readonly service: AppService) {}

  @Post('invite_user')
  @HttpCode(200)
  invite(@Body() body: Record<string, unknown>) {
    const { email } = body || {};
    if (typeof email !== 'string' || !email.includes('@')) {
      throw new BadRequestException({ message: 'A valid email is required' });
    }
    return { invite_id: this.service.invite(email), message: `Invitation sent to ${email}` };
  }

  @Post('create_user')
  @HttpCode(200)
  async create(@Body() body: Record<string, unknown>) {
    const { invite_id: inviteId, user_name: userName, password } = body || {};
    if (typeof inviteId !== 'string' || !this.service.inviteExists(inviteId)) {
      throw new UnauthorizedException({ message: 'Invalid invite_id' });
    }
    if (typeof userName !== 'string' || !userName || typeof password !== 'string') {
      throw new BadRequestException({ message: 'user_name and password are required' });
    }
    if (!(await this.service.createUser(inviteId, userName, password))) {
      throw new BadRequestException({ message: 'Username already exists. Try providing different username.' });
    }
    return { message: 'User created successfully' };
  }
}
