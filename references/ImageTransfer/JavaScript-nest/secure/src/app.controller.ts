import {
  BadRequestException, Controller, Get, Header, HttpCode, NotFoundException, Param, Post,
  StreamableFile, UploadedFile, UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { AppService } from './app.service';

@Controller()
export class AppController {
  constructor(private readonly service: AppService) {}

  @Post('upload')
  @HttpCode(200)
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: 20 * 1024 * 1024, files: 1 } }))
  upload(@UploadedFile() file: Express.Multer.File) {
    if (!file) throw new BadRequestException({ error: 'no file' });
    return { id: this.service.store(file.buffer) };
  }

  @Get('images/:imageId')
  @Header('X-Content-Type-Options', 'nosniff')
  image(@Param('imageId') imageId: string) {
    const image = this.service.find(imageId);
    if (!image) throw new NotFoundException({ error: 'not found' });
    return new StreamableFile(image.data, { type: image.type });
  }
}
