import { BadRequestException, Body, Controller, HttpCode, Post } from '@nestjs/common';
import { AppService } from './app.service';

@Controller()
export class AppController {
  constructor(private readonly service: AppService) {}

  @Post('compile')
  @HttpCode(200)
  async compile(@Body() body: Record<string, unknown>) {
    const { fileName, fileContent } = body || {};
    if (typeof fileName !== 'string' || typeof fileContent !== 'string') {
      throw new BadRequestException({ error: 'fileName and fileContent must be strings' });
    }
    if (!this.service.supports(fileName)) {
      throw new BadRequestException({ error: 'only .cpp and .ts files are supported' });
    }
    const error = await this.service.compile(fileName, fileContent);
    return { hasError: error !== null, compilerError: error };
  }
}
