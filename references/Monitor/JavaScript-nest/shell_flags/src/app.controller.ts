import { BadRequestException, Body, Controller, HttpCode, Post } from '@nestjs/common';
import { AppService } from './app.service';

const MAX_FLAG_CHARS = 100;
const MAX_REGEX = 200;

const fail = (message: string) => new BadRequestException({ code: 400, message });

@Controller('monitor')
export class AppController {
  constructor(private readonly service: AppService) {}

  @Post('commands')
  @HttpCode(200)
  async commands(@Body() body: unknown) {
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw fail('a JSON object is required');
    const { command_regex: regex, filter_flags: given } = body as Record<string, unknown>;
    const flags = given === undefined || given === null ? '' : given;
    if (typeof regex !== 'string' || regex.length > MAX_REGEX) {
      throw fail(`command_regex must be a string of at most ${MAX_REGEX} characters`);
    }
    if (typeof flags !== 'string') throw fail('filter_flags must be a string');
    if (flags.length > MAX_FLAG_CHARS) throw fail('filter_flags is too long');
    let pattern: RegExp;
    try {
      pattern = new RegExp(regex);
    } catch (e) {
      throw fail(`invalid command_regex: ${(e as Error).message}`);
    }
    const { rows, error } = await this.service.ps(flags);
    if (error !== null) throw fail(`ps rejected the flags: ${error}`);
    return rows.filter((r) => pattern.test(r.command))
      .map((r) => ({ processId: r.pid, processString: r.line }));
  }
}
