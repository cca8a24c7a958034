import { Injectable } from '@nestjs/common';
import { execFile } from 'child_process';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { promisify } from 'util';

const run = promisify(execFile);

export interface GifRequest {
  images: Buffer[];
  width: number;
  height: number;
  delayMs: number;
  appendReverted: boolean;
}

@Injectable()
export class AppService {
  /** The animated GIF, or null when ImageMagick could not make it. */
  async createGif(req: GifRequest): Promise<Buffer | null> {
    // Each image is stored under a name of our own; the client's file names are never used.
    const work = await fs.mkdtemp(path.join(os.tmpdir(), 'gif-'));
    try {
      const frames: string[] = [];
      for (const [i, data] of req.images.entries()) {
        const file = path.join(work, `frame${i}`);
        await fs.writeFile(file, data);
        frames.push(file);
      }
      const out = path.join(work, 'out.gif');
      const args = ['-delay', `${req.delayMs}x1000`, '-loop', '0', ...frames, '-resize', `${req.width}x${req.height}`];
      if (req.appendReverted) args.push('(', '-clone', '0--1', '-reverse', ')');
      args.push(out);
      await run('convert', args, { timeout: 60000 });
      return await fs.readFile(out);
    } catch {
      return null;
    } finally {
      await fs.rm(work, { recursive: true, force: true });
    }
  }
}
