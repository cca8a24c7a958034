import { Injectable } from '@nestjs/common';
import { promises as fs } from 'fs';
import * as path from 'path';

const SONGS_DIR = '/var/songs';

@Injectable()
export class AppService {
  /** The real path of a song inside /var/songs (symlinks resolved), or null. */
  async songPath(filename: string): Promise<string | null> {
    if (filename.includes('\0')) return null;
    try {
      const songs = await fs.realpath(SONGS_DIR);
      const real = await fs.realpath(path.join(songs, filename));
      if (!real.startsWith(songs + path.sep)) return null;
      return (await fs.stat(real)).isFile() ? real : null;
    } catch {
      return null;
    }
  }
}
