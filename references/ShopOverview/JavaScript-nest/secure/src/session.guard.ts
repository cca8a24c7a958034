import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { Request } from 'express';
import { AppService } from './app.service';

export const COOKIE = 'AUTH_COOKIE';
export type MerchantRequest = Request & { merchant: number };

/** Sessions are random tokens kept server-side; the merchant becomes request.merchant. */
@Injectable()
export class SessionGuard implements CanActivate {
  constructor(private readonly service: AppService) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<MerchantRequest>();
    const merchant = this.service.merchantOf(request.cookies && request.cookies[COOKIE]);
    if (merchant === null) throw new UnauthorizedException({ error: 'Unauthorized' });
    request.merchant = merchant;
    return true;
  }
}
