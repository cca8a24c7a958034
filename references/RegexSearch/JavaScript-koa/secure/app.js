const fs = require('fs');
const path = require('path');
const { Worker } = require('worker_threads');
const Koa = require('koa');
const Router = require('koa-router');

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

const app = new Koa();
const router = new Router();

router.get('/search', async (ctx) => {
  const { regex: pattern, directory = '', recursive = 'false' } = ctx.query;
  if (typeof pattern !== 'string' || !pattern) ctx.throw(400, 'regex is required');
  try {
    new RegExp(pattern); // eslint-disable-line no-new
  } catch (e) {
    ctx.throw(400, `invalid regex: ${e.message}`);
  }
  if (typeof directory !== 'string') ctx.throw(400, 'invalid directory');
  const resolved = resolveDir(directory);
  if (!resolved) ctx.throw(400, 'directory not found or not accessible');
  const result = await search({
    root: resolved[0],
    base: resolved[1],
    pattern,
    recursive: ['true', '1', 'yes'].includes(String(recursive).toLowerCase()),
    maxBytes: MAX_FILE_BYTES,
  });
  if (result.fail) {
    ctx.status = result.fail[0];
    ctx.body = { error: result.fail[1] };
    return;
  }
  ctx.body = { files: result.files };
});

app.use(async (ctx, next) => {
  try {
    await next();
  } catch (err) {
    ctx.status = 400;
    ctx.body = { error: err.expose ? err.message : 'Invalid request' };
  }
});
app.use(router.routes()).use(router.allowedMethods());
app.listen(5000, '0.0.0.0');
