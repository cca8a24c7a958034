import {
  BadRequestException, Body, CanActivate, Controller, ExecutionContext, HttpCode, Injectable,
  NotFoundException, PayloadTooLargeException, Post, StreamableFile, UploadedFile, UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { Request, Response } from 'express';
import { promises as fs } from 'fs';
import * as os from 'os';
import { AppService } from './app.service';

const MAX_BYTES = 100 * 1024 * 1024;

/** A declared length far beyond the bound is refused before any of the body is read. */
@Injectable()
class DeclaredLengthGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request>();
    if (Number(request.headers['content-length'] || 0) > MAX_BYTES + 1024 * 1024) {
      context.switchToHttp().getResponse<Response>().setHeader('Connection', 'close');
      throw new PayloadTooLargeException({ error: 'The upload is too large.' });
    }
    return true;
  }
}

@Controller()
export class AppController {
  constructor(private readonly service: AppService) {}

  // multer stores the upload under a random name of its own; videoFileName is never a path.
  @Post('extract')
  @HttpCode(200)
  @UseGuards(DeclaredLengthGuard)
  @UseInterceptors(FileInterceptor('video', {
    dest: os.tmpdir(),
    limits: { fileSize: MAX_BYTES, files: 1, fields: 10 },
  }))
  async extract(@UploadedFile() video: Express.Multer.File, @Body() body: Record<string, unknown>) {
    try {
      const { videoFileName, frameNumber } = body || {};
      if (!video || typeof videoFileName !== 'string' || !videoFileName
          || typeof frameNumber !== 'string' || !/^\d+$/.test(frameNumber)) {
        throw new BadRequestException({ error: 'videoFileName, a non-negative frameNumber and video are required' });
      }
      const frame = Number(frameNumber);
      const image = await this.service.extractFrame(video.path, frame);
      if (!image) throw new NotFoundException({ error: `Frame at index ${frame} could not be found.` });
      return new StreamableFile(image, { type: 'image/png' });
    } finally {
      if (video) await fs.rm(video.path, { force: true });
    }
  }
}
