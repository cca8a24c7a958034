import { Injectable } from '@nestjs/common';
import * as fs from 'fs';
import * as path from 'path';

@Injectable()
export class AppService {
  private readonly data = fs.realpathSync('/data');

  /** The real path of `relative` under /data, or null when it escapes /data. */
  confined(relative: string | null | undefined): string | null {
    let real: string;
    try {
      real = fs.realpathSync(path.join(this.data, (relative || '').replace(/^\/+/, '')));
    } catch {
      return null;
    }
    return real === this.data || real.startsWith(this.data + path.sep) ? real : null;
  }

  search(base: string, content?: string | null, name?: string | null): string[] {
    return this.walk(base, []).filter((file) => {
      if (name && path.basename(file).startsWith(name)) return true;
      return Boolean(content) && fs.readFileSync(file).includes(content as string);
    }).sort();
  }

  private walk(dir: string, out: string[]): string[] {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) this.walk(full, out);
      else if (entry.isFile()) out.push(full);
    }
    return out;
  }
}
