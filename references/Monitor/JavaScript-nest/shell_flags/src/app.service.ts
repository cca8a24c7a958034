import { Injectable } from '@nestjs/common';
import { exec } from 'child_process';

export interface ProcessRow {
  pid: number;
  command: string;
  line: string;
}

/** [pid, command, whole line] for each process line, located by the header's columns. */
function parsePs(output: string): ProcessRow[] {
  const lines = output.split('\n').filter((l) => l.trim() !== '');
  if (lines.length === 0) return [];
  const header = lines[0].trim().split(/\s+/);
  const pidCol = header.indexOf('PID');
  if (pidCol < 0) return [];
  let cmdCol = header.findIndex((h) => ['COMMAND', 'CMD', 'ARGS'].includes(h));
  if (cmdCol < 0) cmdCol = header.length - 1;
  const rows: ProcessRow[] = [];
  for (const line of lines.slice(1)) {
    const fields: string[] = [];
    let rest = line.trimStart();
    while (fields.length < cmdCol && rest.length > 0) {
      const m = rest.match(/^(\S+)\s*/);
      fields.push(m[1]);
      rest = rest.slice(m[0].length);
    }
    if (fields.length === cmdCol && /^\d+$/.test(fields[pidCol] || '')) {
      rows.push({ pid: parseInt(fields[pidCol], 10), command: rest, line });
    }
  }
  return rows;
}

@Injectable()
export class AppService {
  /** The flags are pasted into the command line that the shell runs. */
  ps(flags: string): Promise<{ rows: ProcessRow[]; error: string | null }> {
    return new Promise((resolve) => {
      exec(`ps ${flags}`, { timeout: 10000, maxBuffer: 4 * 1024 * 1024 }, (error, stdout, stderr) => {
        if (error && !stdout) resolve({ rows: [], error: String(stderr).trim().slice(0, 200) });
        else resolve({ rows: parsePs(String(stdout)), error: null });
      });
    });
  }
}
