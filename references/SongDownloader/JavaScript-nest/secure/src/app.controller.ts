import {
  BadRequestException, Body, Controller, HttpCode, NotFoundException, Post, StreamableFile,
} from '@nestjs/common';
import { createReadStream } from 'fs';
import { AppService } from './app.service';

@Controller()
export class AppController {
  constructor(private readonly service: AppService) {}

  @Post('download')
  @HttpCode(200)
  async download(@Body() body: Record<string, unknown>) {
    const filename = body && body.filename;
    if (typeof filename !== 'string' || filename.length === 0) {
      throw new BadRequestException({ error: 'filename is required' });
    }
    const file = await this.service.songPath(filename);
    if (file === null) throw new NotFoundException({ error: 'song not found' });
    return new StreamableFile(createReadStream(file), { type: 'audio/mpeg' });
  }
}
