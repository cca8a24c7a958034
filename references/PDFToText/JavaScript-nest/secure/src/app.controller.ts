import {
  BadRequestException, Controller, HttpCode, InternalServerErrorException, Post, Res,
  UploadedFile, UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { promises as fs } from 'fs';
import * as os from 'os';
import { Response } from 'express';
import { AppService } from './app.service';

const MAX_BYTES = 10 * 1024 * 1024;

@Controller()
export class AppController {
  constructor(private readonly service: AppService) {}

  // multer stores the upload under a random name of its own (too large: 413); the client's name
  // is never used.
  @Post('convert')
  @HttpCode(200)
  @UseInterceptors(FileInterceptor('file', { dest: os.tmpdir(), limits: { fileSize: MAX_BYTES, files: 1, fields: 10 } }))
  async convert(@UploadedFile() file: Express.Multer.File, @Res({ passthrough: true }) res: Response) {
    if (!file) throw new BadRequestException({ error: 'Missing file.' });
    try {
      if (!(await this.service.isPdf(file.path))) throw new BadRequestException({ error: 'The file is not a PDF.' });
      const text = await this.service.toText(file.path);
      if (text === null) throw new InternalServerErrorException({ error: 'The file could not be converted.' });
      res.type('text/plain');
      return text;
    } finally {
      await fs.rm(file.path, { force: true });
    }
  }
}
