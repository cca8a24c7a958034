const fs = require('fs');
const path = require('path');
const { Worker } = require('worker_threads');
const express = require('express');

const ROOT = path.join(__dirname, 'files');
const TIME_LIMIT_MS = 500; // a regex may backtrack for ever: the search runs in a worker we can stop
const MAX_FILE_BYTES = 10 * 1024 * 1024; // larger files are not searched

// Runs in a worker thread: walk the directory and test each file's content.
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

const app = express();

// [the real files root, the real directory to search], or null when it is not inside the root.
function resolveDir(directory) {
  let root;
  let real;
  try {
    root = fs.realpathSync(ROOT);
    real = fs.realpathSync(path.resolve(root, directory.replace(/^[/\\]+/, '')));
  } catch (e) { return null; }
  if (real !== root && !real.startsWith(root + path.sep)) return null;
  return fs.statSync(real).isDirectory() ? [root, real] : null;
}

app.get('/search', (req, res) => {
  const { regex: pattern, directory = '', recursive = 'false' } = req.query;
  if (typeof pattern !== 'string' || !pattern) return res.status(400).json({ error: 'regex is required' });
  try { new RegExp(pattern); } catch (e) { return res.status(400).json({ error: `invalid regex: ${e.message}` }); }
  if (typeof directory !== 'string') return res.status(400).json({ error: 'invalid directory' });
  const resolved = resolveDir(directory);
  if (!resolved) return res.status(400).json({ error: 'directory not found or not accessible' });
  const worker = new Worker(SEARCH, {
    eval: true,
    workerData: { root: resolved[0], base: resolved[1], pattern, recursive: ['true', '1', 'yes'].includes(String(recursive).toLowerCase()), maxBytes: MAX_FILE_BYTES },
    resourceLimits: { maxOldGenerationSizeMb: 64 },
  });
  let answered = false;
  const answer = (status, body) => {
    if (answered) return;
    answered = true;
    clearTimeout(timer);
    worker.terminate();
    res.status(status).json(body);
  };
  const timer = setTimeout(() => answer(400, { error: 'the search took too long' }), TIME_LIMIT_MS);
  worker.on('message', (files) => answer(200, { files }));
  worker.on('error', () => answer(500, { error: 'could not read the files' }));
  worker.on('exit', () => answer(500, { error: 'the search stopped' }));
});

app.listen(5000, '0.0.0.0');
