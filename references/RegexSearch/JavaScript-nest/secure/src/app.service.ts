import { Injectable } from '@nestjs/common';
import * as fs from 'fs';
import * as path from 'path';
import { Worker } from 'worker_threads';

const ROOT = path.join(process.cwd(), 'files');
const TIME_LIMIT_MS = 500; // a regex may backtrack for ever: the search runs in a worker we can stop
const MAX_FILE_BYTES = 10 * 1024 * 1024; // larger files are not searched

// Runs in a worker thread: walk the directory (never leaving the root) and test each file.
const SEARCH = `
const fs = require('fs');
const path = require('path');
const { parentPort, workerData } = require('worker_threads');
const { root, base, pattern, recursive, maxBytes } = workerData;
const regex = new RegExp(pattern);
const inside = (p) => p === root || p.startsWith(root + path.sep);
const found = [];
function visit(dir) {
  for (const name of fs.readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    let real;
    try { real = fs.realpathSync(full); } catch (e) { continue; }
    if (!inside(real)) continue;
    const stat = fs.statSync(real);
    if (stat.isDirectory()) { if (recursive) visit(full); continue; }
    if (!stat.isFile() || stat.size > maxBytes) continue;
    if (regex.test(fs.readFileSync(real, 'utf8'))) found.push(path.relative(base, full).split(path.sep).join('/'));
  }
}
visit(base);
parentPort.postMessage(found);
`;

export type SearchResult = { files: string[] } | { status: number; error: string };

@Injectable()
export class AppService {
  /** [the real files root, the real directory to search], or null when it is not inside the root. */
  resolveDir(directory: string): [string, string] | null {
    let root: string;
    let real: string;
    try {
      root = fs.realpathSync(ROOT);
      real = fs.realpathSync(path.resolve(root, directory.replace(/^[/\\]+/, '')));
    } catch {
      return null;
    }
    if (real !== root && !real.startsWith(root + path.sep)) return null;
    return fs.statSync(real).isDirectory() ? [root, real] : null;
  }

  /** The matching files under `base`; the worker is stopped once the time limit is over. */
  search(root: string, base: string, pattern: string, recursive: boolean): Promise<SearchResult> {
    return new Promise((resolve) => {
      const worker = new Worker(SEARCH, {
        eval: true,
        workerData: { root, base, pattern, recursive, maxBytes: MAX_FILE_BYTES },
        resourceLimits: { maxOldGenerationSizeMb: 64 },
      });
      let done = false;
      const finish = (result: SearchResult) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        worker.terminate();
        resolve(result);
      };
      const timer = setTimeout(() => finish({ status: 400, error: 'the search took too long' }), TIME_LIMIT_MS);
      worker.on('message', (files: string[]) => finish({ files }));
      worker.on('error', () => finish({ status: 500, error: 'could not read the files' }));
      worker.on('exit', () => finish({ status: 500, error: 'the search stopped' }));
    });
  }
}
