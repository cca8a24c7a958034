import { BadRequestException, Body, Controller, HttpCode, Post } from '@nestjs/common';
import { AppService } from './app.service';

const optionalString = (v: unknown) => v === undefined || v === null || typeof v === 'string';

@Controller()
export class AppController {
  constructor(private readonly service: AppService) {}

  @Post('search')
  @HttpCode(200)
  search(@Body() body: Record<string, unknown>) {
    if (!body || typeof body !== 'object') throw new BadRequestException({ error: 'Invalid input' });
    const { search_content: content, search_filename: name, search_dir: dir } = body;
    if (![content, name, dir].every(optionalString)) {
      throw new BadRequestException({ error: 'Invalid input' });
    }
    const base = this.service.confined(dir as string | null);
    if (base === null) throw new BadRequestException({ error: 'Invalid directory' });
    return { files: this.service.search(base, content as string, name as string) };
  }
}
