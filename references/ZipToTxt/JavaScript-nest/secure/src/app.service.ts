import { Injectable } from '@nestjs/common';
import * as unzipper from 'unzipper';

const MAX_TEXT = 10 * 1024 * 1024; // bytes of text the archive may expand to

export class Refused extends Error {}

interface Entry {
  path: string;
  type: string;
  uncompressedSize: number;
  externalFileAttributes: number;
  stream(): NodeJS.ReadableStream & { destroy(): void };
}

const isLink = (entry: Entry) => ((entry.externalFileAttributes >>> 16) & 0o170000) === 0o120000;

/** An entry's bytes, read as a stream and stopped once `budget` is spent: the sizes an archive
 * declares can lie. Entries are only read, never written to disk, so their names are inert. */
async function readEntry(entry: Entry, budget: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  const stream = entry.stream();
  try {
    for await (const chunk of stream) {
      size += chunk.length;
      if (size > budget) throw new Refused('the archive expands to too much text');
      chunks.push(chunk as Buffer);
    }
  } finally {
    stream.destroy();
  }
  return Buffer.concat(chunks);
}

@Injectable()
export class AppService {
  /** The text files of the archive, joined; throws Refused for what it will not convert. */
  async convert(archive: Buffer): Promise<string> {
    let files: Entry[];
    try {
      files = (await unzipper.Open.buffer(archive)).files;
    } catch {
      throw new Refused('the upload is not a zip archive');
    }
    const texts = files.filter((e) => e.type === 'File' && !isLink(e) && e.path.toLowerCase().endsWith('.txt'));
    if (texts.reduce((sum, e) => sum + e.uncompressedSize, 0) > MAX_TEXT) {
      throw new Refused('the archive expands to too much text');
    }
    let budget = MAX_TEXT;
    const parts: string[] = [];
    for (const entry of texts) {
      let data: Buffer;
      try {
        data = await readEntry(entry, budget);
      } catch (e) {
        throw e instanceof Refused ? e : new Refused('damaged zip entry');
      }
      budget -= data.length;
      parts.push(data.toString('utf8'));
    }
    return parts.join('\n');
  }
}
