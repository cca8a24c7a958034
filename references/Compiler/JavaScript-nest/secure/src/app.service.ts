import { Injectable } from '@nestjs/common';
import { execFile } from 'child_process';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';

interface Compiler {
  source: string;
  command: string;
  args: string[];
}

// The source is written under a fixed name in a fresh directory and the compiler runs without a
// shell: the client's file name is never a path and never part of a command line.
const COMPILERS: Record<string, Compiler> = {
  '.cpp': { source: 'main.cpp', command: 'g++', args: ['-fsyntax-only', 'main.cpp'] },
  '.ts': { source: 'main.ts', command: 'tsc', args: ['--noEmit', 'main.ts'] },
};

function run(command: string, args: string[], cwd: string): Promise<{ failed: boolean; output: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd, timeout: 60000, maxBuffer: 4 * 1024 * 1024 },
      (error, stdout, stderr) => resolve({ failed: Boolean(error), output: `${stdout}${stderr}` }));
  });
}

@Injectable()
export class AppService {
  supports(fileName: string): boolean {
    return Object.prototype.hasOwnProperty.call(COMPILERS, path.extname(fileName).toLowerCase());
  }

  /** The compiler's messages (with the client's base name in them), or null when it compiled. */
  async compile(fileName: string, content: string): Promise<string | null> {
    const compiler = COMPILERS[path.extname(fileName).toLowerCase()];
    const work = await fs.mkdtemp(path.join(os.tmpdir(), 'compile-'));
    try {
      await fs.writeFile(path.join(work, compiler.source), content);
      const { failed, output } = await run(compiler.command, compiler.args, work);
      if (!failed) return null;
      return output.split(compiler.source).join(path.basename(fileName)).trim() || 'compilation failed';
    } finally {
      await fs.rm(work, { recursive: true, force: true });
    }
  }
}
