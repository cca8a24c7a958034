import {
  BadRequestException, Body, Controller, HttpCode, Post, StreamableFile, UploadedFiles, UseInterceptors,
} from '@nestjs/common';
import { FilesInterceptor } from '@nestjs/platform-express';
import { AppService } from './app.service';

const MAX_SIDE = 2000; // larger frames cost more memory and time than this service allows
const MAX_IMAGES = 50;

function parseSize(text: unknown): [number, number] | null {
  const match = /^(\d{1,5})x(\d{1,5})$/.exec(typeof text === 'string' ? text : '');
  if (!match) return null;
  const [width, height] = [Number(match[1]), Number(match[2])];
  return width > 0 && height > 0 && width <= MAX_SIDE && height <= MAX_SIDE ? [width, height] : null;
}

@Controller()
export class AppController {
  constructor(private readonly service: AppService) {}

  @Post('create-gif')
  @HttpCode(200)
  @UseInterceptors(FilesInterceptor('images', MAX_IMAGES, {
    limits: { fileSize: 20 * 1024 * 1024, fields: 10, fieldSize: 1024 },
  }))
  async createGif(@UploadedFiles() images: Express.Multer.File[], @Body() body: Record<string, unknown>) {
    const fields = body || {};
    const size = parseSize(fields.targetSize);
    const delay = fields.delay === undefined ? '10' : String(fields.delay);
    const reverted = fields.appendReverted === undefined ? 'false' : String(fields.appendReverted).toLowerCase();
    if (!images || images.length === 0) throw new BadRequestException({ error: 'send at least one image' });
    if (!size) throw new BadRequestException({ error: `targetSize must be WIDTHxHEIGHT, each at most ${MAX_SIDE}` });
    if (!/^\d{1,6}$/.test(delay) || !['true', 'false'].includes(reverted)) {
      throw new BadRequestException({ error: 'delay must be a non-negative integer, appendReverted true or false' });
    }
    const gif = await this.service.createGif({
      images: images.map((i) => i.buffer),
      width: size[0],
      height: size[1],
      delayMs: Number(delay),
      appendReverted: reverted === 'true',
    });
    if (!gif) throw new BadRequestException({ error: 'the images could not be converted' });
    return new StreamableFile(gif, { type: 'image/gif' });
  }
}
