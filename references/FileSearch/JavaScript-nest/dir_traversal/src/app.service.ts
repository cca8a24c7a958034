import { Injectable } from '@nestjs/common';
import * as fs from 'fs';
import * as path from 'path';

const SKIPPED = new Set(['proc', 'sys', 'dev', 'usr', 'etc']); // big and slow to read

@Injectable()
export class AppService {
  /** The directory to search: search_dir is joined to /data as given, so ../ climbs out. */
  confined(relative: string | null | undefined): string | null {
    const dir = path.join('/data', relative || '');
    return fs.existsSync(dir) ? dir : null;
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
      if (entry.isDirectory() && !SKIPPED.has(entry.name)) this.walk(full, out);
      else if (entry.isFile()) out.push(full);
    }
    return out;
  }
}
