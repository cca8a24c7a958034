const fastify = require('fastify')();
const { execFile } = require('child_process');

// ps flags are short words of letters, optionally after one or two dashes ("aux", "-T", "-e").
const FLAG = /^-{0,2}[A-Za-z]{1,12}$/;
const MAX_FLAGS = 8;
const MAX_REGEX = 200;

const fail = (reply, code, message) => reply.code(code).send({ code, message });

// ps runs without a shell; only validated flag words reach its argument list.
function ps(flags) {
  return new Promise((resolve) => {
    execFile('ps', flags, { timeout: 10000, maxBuffer: 4 * 1024 * 1024 },
      (error, stdout, stderr) => resolve({ error, stdout: String(stdout), stderr: String(stderr) }));
  });
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
    if (fields.length === cmdCol && /^\d+$/.test(fields[pidCol] || '')) {
      rows.push([parseInt(fields[pidCol], 10), rest, line]);
    }
  }
  return rows;
}

fastify.post('/monitor/commands', async (request, reply) => {
  const body = request.body;
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    return fail(reply, 400, 'a JSON object is required');
  }
  const { command_regex: regex } = body;
  const flags = body.filter_flags === undefined || body.filter_flags === null ? '' : body.filter_flags;
  if (typeof regex !== 'string' || regex.length > MAX_REGEX) {
    return fail(reply, 400, `command_regex must be a string of at most ${MAX_REGEX} characters`);
  }
  if (typeof flags !== 'string') return fail(reply, 400, 'filter_flags must be a string');
  const words = flags.split(/\s+/).filter((w) => w !== '');
  if (words.length > MAX_FLAGS || !words.every((w) => FLAG.test(w))) {
    return fail(reply, 400, "filter_flags may only hold a few ps flags such as 'aux' or '-T'");
  }
  let pattern;
  try {
    pattern = new RegExp(regex);
  } catch (e) {
    return fail(reply, 400, `invalid command_regex: ${e.message}`);
  }
  const { error, stdout, stderr } = await ps(words);
  if (error && !stdout) {
    return fail(reply, 400, `ps rejected the flags: ${stderr.trim().slice(0, 200)}`);
  }
  return parsePs(stdout)
    .filter(([, command]) => pattern.test(command))
    .map(([pid, , line]) => ({ processId: pid, processString: line }));
});

fastify.setErrorHandler((error, request, reply) => {
  fail(reply, 400, 'Invalid request');
});

fastify.listen({ port: 5000, host: '0.0.0.0' }).catch((err) => {
  console.error(err);
  process.exit(1);
});
