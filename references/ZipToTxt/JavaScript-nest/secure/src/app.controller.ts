import {
  BadRequestException, Controller, HttpCode, Post, Res, UploadedFile, UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { Response } from 'express';
import { AppService, Refused } from './app.service';

const MAX_UPLOAD = 20 * 1024 * 1024; // bytes of archive accepted

@Controller()
export class AppController {
  constructor(private readonly service: AppService) {}

  @Post('convert')
  @HttpCode(200)
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: MAX_UPLOAD, files: 1, fields: 10 } }))
  async convert(@UploadedFile() file: Express.Multer.File, @Res({ passthrough: true }) res: Response) {
    if (!file) throw new BadRequestException({ error: "a zip file is required in the part 'file'" });
    try {
      const text = await this.service.convert(file.buffer);
      res.type('text/plain');
      return text;
    } catch (e) {
      if (e instanceof Refused) throw new BadRequestException({ error: e.message });
      throw e;
    }
  }
}
