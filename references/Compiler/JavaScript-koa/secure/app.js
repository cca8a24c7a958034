const Koa = require('koa');
const Router = require('koa-router');
const bodyParser = require('koa-bodyparser');
const fs = require('fs/promises');
const os = require('os');
const path = require('path');
const { execFile } = require('child_process');

// The source is written under a fixed name in a fresh directory and the compiler runs without a
// shell: the client's file name is never a path and never part of a command line.
const COMPILERS = {
  '.cpp': { source: 'main.cpp', command: 'g++', args: ['-fsyntax-only', 'main.cpp'] },
  '.ts': { source: 'main.ts', command: 'tsc', args: ['--noEmit', 'main.ts'] },
};

function run(command, args, cwd) {
  return new Promise((resolve) => {
    execFile(command, args, { cwd, timeout: 60000, maxBuffer: 4 * 1024 * 1024 },
      (error, stdout, stderr) => resolve({ failed: Boolean(error), output: `${stdout}${stderr}` }));
  });
}

const app = new Koa();
const router = new Router();

router.post('/compile', async (ctx) => {
  const { fileName, fileContent } = ctx.request.body || {};
  if (typeof fileName !== 'string' || typeof fileContent !== 'string') {
    ctx.throw(400, 'fileName and fileContent must be strings');
  }
  const compiler = COMPILERS[path.extname(fileName).toLowerCase()];
  if (!compiler) ctx.throw(400, 'only .cpp and .ts files are supported');
  const work = await fs.mkdtemp(path.join(os.tmpdir(), 'compile-'));
  try {
    await fs.writeFile(path.join(work, compiler.source), fileContent);
    const { failed, output } = await run(compiler.command, compiler.args, work);
    if (!failed) {
      ctx.body = { hasError: false, compilerError: null };
      return;
    }
    const message = output.split(compiler.source).join(path.basename(fileName)).trim();
    ctx.body = { hasError: true, compilerError: message || 'compilation failed' };
  } finally {
    await fs.rm(work, { recursive: true, force: true });
  }
});

app.use(async (ctx, next) => {
  try {
    await next();
  } catch (err) {
    ctx.status = 400;
    ctx.body = { error: err.expose ? err.message : 'Invalid request' };
  }
});
app.use(bodyParser({ jsonLimit: '1mb' }));
app.use(router.routes()).use(router.allowedMethods());
app.listen(5000, '0.0.0.0');
