import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { Request } from 'express';
import { AppService, User } from './app.service';

export const INVALID_TOKEN = { message: 'Invalid authentication token' };

export type AuthedRequest = Request & { user: User };

/** A valid bearer token is required; the user it names becomes request.user. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(private readonly service: AppService) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<AuthedRequest>();
    const header = request.headers.authorization || '';
    const user = header.startsWith('Bearer ') ? this.service.userOf(header.slice(7)) : null;
    if (!user) throw new UnauthorizedException(INVALID_TOKEN);
    request.user = user;
    return true;
  }
}
