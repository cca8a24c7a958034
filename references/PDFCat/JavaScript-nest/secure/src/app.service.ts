import { Injectable } from '@nestjs/common';
import { execFile } from 'child_process';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { promisify } from 'util';

const run = promisify(execFile);

@Injectable()
export class AppService {
  async isPdf(file: string): Promise<boolean> {
    const handle = await fs.open(file, 'r');
    try {
      const { buffer, bytesRead } = await handle.read(Buffer.alloc(5), 0, 5, 0);
      return bytesRead === 5 && buffer.toString('latin1') === '%PDF-';
    } finally {
      await handle.close();
    }
  }

  /** The PDFs at `files` (paths of our own) joined in order, or null when pdfunite failed. */
  async concatenate(files: string[]): Promise<Buffer | null> {
    const outDir = await fs.mkdtemp(path.join(os.tmpdir(), 'cat-'));
    const output = path.join(outDir, 'concatenated.pdf');
    try {
      await run('pdfunite', [...files, output], { timeout: 60000 });
      return await fs.readFile(output);
    } catch {
      return null;
    } finally {
      await fs.rm(outDir, { recursive: true, force: true });
    }
  }
}
