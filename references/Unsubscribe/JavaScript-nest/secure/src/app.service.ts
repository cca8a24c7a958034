import { Injectable } from '@nestjs/common';

const PHRASES = ['unsubscribe', 'remove me', 'deregister me', 'stop sending me', 'delete me'];

/** The header block ends at the first empty line; folded lines continue the previous header. */
function parseMessage(raw: string): { headers: string[]; body: string } {
  const end = raw.search(/\r?\n\r?\n/);
  const block = end === -1 ? raw : raw.slice(0, end);
  const headers: string[] = [];
  for (const line of block.split(/\r?\n/)) {
    if (/^[ \t]/.test(line) && headers.length) headers[headers.length - 1] += ` ${line.trim()}`;
    else headers.push(line);
  }
  const body = end === -1 ? '' : raw.slice(end).replace(/^\r?\n\r?\n/, '');
  return { headers, body };
}

function senderAddress(headers: string[]): string {
  const from = headers.find((h) => /^from\s*:/i.test(h));
  if (!from) return '';
  const value = from.slice(from.indexOf(':') + 1);
  const angled = value.match(/<\s*([^<>\s]+@[^<>\s]+)\s*>/);
  if (angled) return angled[1];
  const bare = value.replace(/"[^"]*"/g, '').match(/[^\s<>",;]+@[^\s<>",;]+/);
  return bare ? bare[0] : '';
}

@Injectable()
export class AppService {
  decide(raw: string): { email: string; unsubscribe: boolean } {
    const { headers, body } = parseMessage(raw);
    const text = body.toLowerCase();
    return { email: senderAddress(headers), unsubscribe: PHRASES.some((p) => text.includes(p)) };
  }
}
