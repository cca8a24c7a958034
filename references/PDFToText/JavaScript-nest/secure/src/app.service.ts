import { Injectable } from '@nestjs/common';
import { execFile } from 'child_process';
import { promises as fs } from 'fs';
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

  /** The text of the PDF at `file` (a path of our own), or null when pdftotext failed. */
  async toText(file: string): Promise<string | null> {
    try {
      const { stdout } = await run('pdftotext', ['-enc', 'UTF-8', file, '-'],
        { timeout: 30000, maxBuffer: 16 * 1024 * 1024 });
      return stdout;
    } catch {
      return null;
    }
  }
}
