import { Injectable } from '@nestjs/common';
import { execFile } from 'child_process';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { promisify } from 'util';

const run = promisify(execFile);

@Injectable()
export class AppService {
  /** Frame `frame` of the video at `video` as PNG bytes, or null when there is no such frame. */
  async extractFrame(video: string, frame: number): Promise<Buffer | null> {
    const work = await fs.mkdtemp(path.join(os.tmpdir(), 'frame-'));
    const out = path.join(work, 'frame.png');
    try {
      await run('ffmpeg', ['-v', 'error', '-nostdin', '-i', video, '-vf', `select=eq(n\\,${frame})`,
        '-vframes', '1', '-y', out], { timeout: 60000 }).catch(() => null);
      const image = await fs.readFile(out).catch(() => null);
      return image && image.length > 0 ? image : null;
    } finally {
      await fs.rm(work, { recursive: true, force: true });
    }
  }
}
