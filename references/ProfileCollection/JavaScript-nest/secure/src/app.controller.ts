import {
  BadRequestException, Body, Controller, ForbiddenException, Get, HttpCode, NotFoundException,
  Param, Post, Res, StreamableFile, UploadedFiles, UseInterceptors,
} from '@nestjs/common';
import { FileFieldsInterceptor } from '@nestjs/platform-express';
import { Response } from 'express';
import { AppService } from './app.service';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

interface ProfileFiles {
  profile_photo?: Express.Multer.File[];
  profile_page?: Express.Multer.File[];
}

@Controller()
export class AppController {
  constructor(private readonly service: AppService) {}

  // Photo and page are held in memory, so both are bounded: 5 MB per file, 1 MB per text field.
  @Post('add_profile')
  @HttpCode(201)
  @UseInterceptors(FileFieldsInterceptor(
    [{ name: 'profile_photo', maxCount: 1 }, { name: 'profile_page', maxCount: 1 }],
    { limits: { fileSize: 5 * 1024 * 1024, fieldSize: 1024 * 1024, files: 2, fields: 10 } },
  ))
  add(@UploadedFiles() files: ProfileFiles, @Body() body: Record<string, unknown>) {
    const { username } = body || {};
    let page = (body || {}).profile_page;
    if (page === undefined && files && files.profile_page) page = files.profile_page[0].buffer.toString('utf8');
    const photo = files && files.profile_photo && files.profile_photo[0];
    if (typeof username !== 'string' || username === '' || username.length > 100
        || typeof page !== 'string' || !photo) {
      throw new BadRequestException({ error: 'Invalid input' });
    }
    if (!photo.buffer.subarray(0, 8).equals(PNG_SIGNATURE)) {
      throw new BadRequestException({ error: 'The photo must be a PNG' });
    }
    if (!this.service.add(username, page, photo.buffer)) {
      throw new ForbiddenException({ error: 'Profile already exists' });
    }
    return { message: 'Profile created successfully' };
  }

  @Get('profile/:username')
  page(@Param('username') username: string, @Res({ passthrough: true }) res: Response) {
    const page = this.service.page(username);
    if (page === undefined) throw new NotFoundException({ error: 'Profile not found' });
    res.type('html');
    return page;
  }

  @Get('profile-photo/:username')
  photo(@Param('username') username: string) {
    const photo = this.service.photo(username);
    if (!photo) throw new NotFoundException({ error: 'Profile photo not found' });
    return new StreamableFile(photo, { type: 'image/png' });
  }
}
