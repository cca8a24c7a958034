const Koa = require('koa');
const Router = require('koa-router');
const multer = require('@koa/multer');
const fs = require('fs/promises');
const os = require('os');
const path = require('path');
const { promisify } = require('util');
const execFile = promisify(require('child_process').execFile);

const INVALID = 'Invalid input or missing files.';
const FAILED = 'An error occurred while processing the files.';
// multer stores each upload under a random name of its own; the client's names are never used
// as paths, nor passed to a shell.
const upload = multer({ dest: os.tmpdir(), limits: { fileSize: 50 * 1024 * 1024, files: 50, fields: 10 } });

async function isPdf(file) {
  const handle = await fs.open(file.path, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(5), 0, 5, 0);
    return bytesRead === 5 && buffer.toString('latin1') === '%PDF-';
  } finally {
    await handle.close();
  }
}

const app = new Koa();
const router = new Router();

router.post('/concatenate', upload.array('files'), async (ctx) => {
  const files = ctx.files || [];
  const outDir = await fs.mkdtemp(path.join(os.tmpdir(), 'cat-'));
  try {
    if (files.length === 0) ctx.throw(400, INVALID);
    for (const file of files) {
      if (!(await isPdf(file))) ctx.throw(400, INVALID);
    }
    const output = path.join(outDir, 'concatenated.pdf');
    try {
      await execFile('pdfunite', [...files.map((f) => f.path), output], { timeout: 60000 });
    } catch (e) {
      ctx.throw(500, FAILED);
    }
    ctx.type = 'application/pdf';
    ctx.body = await fs.readFile(output);
  } finally {
    await Promise.all([outDir, ...files.map((f) => f.path)]
      .map((p) => fs.rm(p, { recursive: true, force: true })));
  }
});

app.use(async (ctx, next) => {
  try {
    await next();
  } catch (err) {
    ctx.status = err.status === 500 ? 500 : 400;
    ctx.body = { error: ctx.status === 500 ? FAILED : INVALID };
  }
});
app.use(router.routes()).use(router.allowedMethods());
app.listen(5000, '0.0.0.0');
