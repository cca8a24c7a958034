const fs = require('fs');
const path = require('path');
const { Worker } = require('worker_threads');
const fastify = require('fastify')();

const ROOT = path.join(__dirname, 'files');
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

// [the real files root, the real directory to search], or null when it is not inside the root.
function resolveDir(directory) {
  let root;
  let real;
  try {
    root = fs.realpathSync(ROOT);
    real = fs.realpathSync(path.resolve(root, directory.replace(/^[/\\]+/, '')));
  } catch (e) {
    return null;
  }
  if (real !== root && !real.startsWith(root + path.sep)) return null;
  return fs.statSync(real).isDirectory() ? [root, real] : null;
}

// The matching files, or a [status, message] failure; the worker is stopped after the limit.
function search(workerData) {
  return new Promise((resolve) => {
    const worker = new Worker(SEARCH, { eval: true, workerData, resourceLimits: { maxOldGenerationSizeMb: 64 } });
    let done = false;
    const finish = (result) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      worker.terminate();
      resolve(result);
    };
    const timer = setTimeout(() => finish({ fail: [400, 'the search took too long'] }), TIME_LIMIT_MS);
    worker.on('message', (files) => finish({ files }));
    worker.on('error', () => finish({ fail: [500, 'could not read the files'] }));
    worker.on('exit', () => finish({ fail: [500, 'the search stopped'] }));
  });
}

fastify.get('/search', async (request, reply) => {
  const { regex: pattern, directory = '', recursive = 'false' } = request.query;
  if (typeof pattern !== 'string' || !pattern) return reply.code(400).send({ error: 'regex is required' });
  try {
    new RegExp(pattern); // eslint-disable-line no-new
  } catch (e) {
    return reply.code(400).send({ error: `invalid regex: ${e.message}` });
  }
  if (typeof directory !== 'string') return reply.code(400).send({ error: 'invalid directory' });
  const resolved = resolveDir(directory);
  if (!resolved) return reply.code(400).send({ error: 'directory not found or not accessible' });
  const result = await search({
    root: resolved[0],
    base: resolved[1],
    pattern,
    recursive: ['true', '1', 'yes'].includes(String(recursive).toLowerCase()),
    maxBytes: MAX_FILE_BYTES,
  });
  if (result.fail) return reply.code(result.fail[0]).send({ error: result.fail[1] });
  return { files: result.files };
});

fastify.setErrorHandler((error, request, reply) => {
  reply.code(400).send({ error: 'Invalid request' });
});

fastify.listen({ port: 5000, host: '0.0.0.0' }).catch((err) => {
  console.error(err);
  process.exit(1);
});
