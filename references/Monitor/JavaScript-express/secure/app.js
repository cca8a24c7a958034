const express = require('express');
const { execFile } = require('child_process');

const app = express();
app.use(express.json());

// ps flags are short words of letters, optionally after one or two dashes ("aux", "-T", "-e").
const FLAG = /^-{0,2}[A-Za-z]{1,12}$/;
const MAX_FLAGS = 8;
const MAX_REGEX = 200;

function fail(res, code, message) {
  return res.status(code).json({ code, message });
}

// [pid, command, whole line] for each process line, located by the header's columns.
function parsePs(output) {
  const lines = output.split('\n').filter((l) => l.trim() !== '');
  if (lines.length === 0) return [];
  const header = lines[0].trim().split(/\s+/);
  const pidCol = header.indexOf('PID');
  if (pidCol < 0) return [];
  let cmdCol = header.findIndex((h) => ['COMMAND', 'CMD', 'ARGS'].includes(h));
  if (cmdCol < 0) cmdCol = header.length - 1;
  const rows = [];
  for (const line of lines.slice(1)) {
    const fields = [];
    let rest = line.trimStart();
    while (fields.length < cmdCol && rest.length > 0) {
      const m = rest.match(/^(\S+)\s*/);
      fields.push(m[1]);
      rest = rest.slice(m[0].length);
    }
    if (fields.length < cmdCol || !/^\d+$/.test(fields[pidCol] || '')) continue;
    rows.push([parseInt(fields[pidCol], 10), rest, line]);
  }
  return rows;
}

app.post('/monitor/commands', (req, res) => {
  const body = req.body;
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    return fail(res, 400, 'a JSON object is required');
  }
  const regex = body.command_regex;
  let flags = body.filter_flags;
  if (typeof regex !== 'string' || regex.length > MAX_REGEX) {
    return fail(res, 400, `command_regex must be a string of at most ${MAX_REGEX} characters`);
  }
  if (flags === undefined || flags === null) flags = '';
  if (typeof flags !== 'string') return fail(res, 400, 'filter_flags must be a string');
  const words = flags.split(/\s+/).filter((w) => w !== '');
  if (words.length > MAX_FLAGS || !words.every((w) => FLAG.test(w))) {
    return fail(res, 400, "filter_flags may only hold a few ps flags such as 'aux' or '-T'");
  }
  let pattern;
  try {
    pattern = new RegExp(regex);
  } catch (e) {
    return fail(res, 400, `invalid command_regex: ${e.message}`);
  }
  execFile('ps', words, { timeout: 10000, maxBuffer: 4 * 1024 * 1024 }, (err, stdout, stderr) => {
    if (err && !stdout) {
      return fail(res, 400, `ps rejected the flags: ${String(stderr).trim().slice(0, 200)}`);
    }
    const found = parsePs(stdout)
      .filter(([, command]) => pattern.test(command))
      .map(([pid, , line]) => ({ processId: pid, processString: line }));
    return res.status(200).json(found);
  });
});

app.listen(5000, '0.0.0.0');
