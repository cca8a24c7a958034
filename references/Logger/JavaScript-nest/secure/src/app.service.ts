import { Injectable } from '@nestjs/common';
import { promises as fs } from 'fs';

const LOG_FILE = 'logs.txt';

/** One message, one line: backslashes and every control or line-breaking character are escaped. */
function neutralize(message: string): string {
  return message.replace(/\\/g, '\\\\').replace(/[\x00-\x1f\x7f\x85\u2028\u2029]/g, (ch) => {
    if (ch === '\n') return '\\n';
    if (ch === '\r') return '\\r';
    return `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}

@Injectable()
export class AppService {
  async append(message: string): Promise<void> {
    await fs.appendFile(LOG_FILE, `${neutralize(message)}\n`, 'utf8');
  }

  async read(): Promise<string> {
    return fs.readFile(LOG_FILE, 'utf8').catch(() => '');
  }
}
