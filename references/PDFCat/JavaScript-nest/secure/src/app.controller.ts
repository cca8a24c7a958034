import {
  BadRequestException, Controller, HttpCode, InternalServerErrorException, Post, StreamableFile,
  UploadedFiles, UseFilters, UseInterceptors, Catch, ExceptionFilter, ArgumentsHost, HttpException,
} from '@nestjs/common';
import { FilesInterceptor } from '@nestjs/platform-express';
import { Response } from 'express';
import { promises as fs } from 'fs';
import * as os from 'os';
import { AppService } from './app.service';

const INVALID = 'Invalid input or missing files.';
const FAILED = 'An error occurred while processing the files.';

/** Every refused request gets the API's error shape; nothing else about the failure leaks. */
@Catch()
class ApiErrors implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost) {
    const status = exception instanceof HttpException ? exception.getStatus() : 500;
    host.switchToHttp().getResponse<Response>().status(status)
      .json({ error: status >= 500 ? FAILED : INVALID });
  }
}

@Controller()
@UseFilters(ApiErrors)
export class AppController {
  constructor(private readonly service: AppService) {}

  // multer stores each upload under a random name of its own; the client's names are never
  // used as paths, nor passed to a shell.
  @Post('concatenate')
  @HttpCode(200)
  @UseInterceptors(FilesInterceptor('files', 50, {
    dest: os.tmpdir(),
    limits: { fileSize: 50 * 1024 * 1024, fields: 10 },
  }))
  async concatenate(@UploadedFiles() files: Express.Multer.File[]) {
    const uploads = files || [];
    try {
      if (uploads.length === 0) throw new BadRequestException();
      for (const file of uploads) {
        if (!(await this.service.isPdf(file.path))) throw new BadRequestException();
      }
      const pdf = await this.service.concatenate(uploads.map((f) => f.path));
      if (!pdf) throw new InternalServerErrorException();
      return new StreamableFile(pdf, { type: 'application/pdf' });
    } finally {
      await Promise.all(uploads.map((f) => fs.rm(f.path, { force: true })));
    }
  }
}
