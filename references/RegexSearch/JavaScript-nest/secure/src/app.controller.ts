import { BadRequestException, Controller, Get, HttpException, Query } from '@nestjs/common';
import { AppService } from './app.service';

@Controller()
export class AppController {
  constructor(private readonly service: AppService) {}

  @Get('search')
  async search(@Query() query: Record<string, unknown>) {
    const { regex: pattern, directory = '', recursive = 'false' } = query;
    if (typeof pattern !== 'string' || !pattern) throw new BadRequestException({ error: 'regex is required' });
    try {
      new RegExp(pattern); // eslint-disable-line no-new
    } catch (e) {
      throw new BadRequestException({ error: `invalid regex: ${(e as Error).message}` });
    }
    if (typeof directory !== 'string') throw new BadRequestException({ error: 'invalid directory' });
    const resolved = this.service.resolveDir(directory);
    if (!resolved) throw new BadRequestException({ error: 'directory not found or not accessible' });
    const result = await this.service.search(resolved[0], resolved[1], pattern,
      ['true', '1', 'yes'].includes(String(recursive).toLowerCase()));
    if ('error' in result) throw new HttpException({ error: result.error }, result.status);
    return result;
  }
}
