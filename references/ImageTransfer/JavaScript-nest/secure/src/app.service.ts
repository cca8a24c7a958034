import { Injectable } from '@nestjs/common';
import { randomBytes } from 'crypto';

export interface Image {
  data: Buffer;
  type: string;
}

/** Only these image types are served as themselves; anything else (HTML, SVG, scripts, ...) is
 * served as an opaque type that a browser never runs. */
function sniff(buf: Buffer): string {
  const ascii = (from: number, to: number) => buf.subarray(from, to).toString('latin1');
  const starts = (bytes: number[]) => bytes.every((b, i) => buf[i] === b);
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (starts([0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (['GIF87a', 'GIF89a'].includes(ascii(0, 6))) return 'image/gif';
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'image/webp';
  if (starts([0x42, 0x4d])) return 'image/bmp';
  return 'application/octet-stream';
}

@Injectable()
export class AppService {
  private readonly images = new Map<string, Image>();

  /** Stores the image under a random, unguessable id. */
  store(data: Buffer): string {
    const id = randomBytes(16).toString('hex');
    this.images.set(id, { data, type: sniff(data) });
    return id;
  }

  find(id: string): Image | undefined {
    return this.images.get(id);
  }
}
