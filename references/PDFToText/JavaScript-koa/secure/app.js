const Koa = require('koa');
const Router = require('koa-router');
const multer = require('@koa/multer');
const fs = require('fs/promises');
const os = require('os');
const { promisify } = require('util');
const execFile = promisify(require('child_process').execFile);

const MAX_BYTES = 10 * 1024 * 1024;
// multer stores the upload under a random name of its own; the client's name is never used.
const upload = multer({ dest: os.tmpdir(), limits: { fileSize: MAX_BYTES, files: 1, fields: 10 } });

async function startsWithPdfMagic(file) {
  const handle = await fs.open(file, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(5), 0, 5, 0);
    return bytesRead === 5 && buffer.toString('latin1') === '%PDF-';
  } finally {
    await handle.close();
  }
}

const app = new Koa();
const router = new Router();

router.post('/convert', upload.single('file'), async (ctx) => {
  if (!ctx.file) ctx.throw(400, 'Missing file.');
  try {
    if (!(await startsWithPdfMagic(ctx.file.path))) ctx.throw(400, 'The file is not a PDF.');
    let text;
    try {
      ({ stdout: text } = await execFile('pdftotext', ['-enc', 'UTF-8', ctx.file.path, '-'],
        { timeout: 30000, maxBuffer: 16 * 1024 * 1024 }));
    } catch (e) {
      ctx.throw(500, 'The file could not be converted.');
    }
    ctx.type = 'text/plain; charset=utf-8';
    ctx.body = text;
  } finally {
    await fs.rm(ctx.file.path, { force: true });
  }
});

app.use(async (ctx, next) => {
  try {
    await next();
  } catch (err) {
    if (err.code === 'LIMIT_FILE_SIZE') {
      ctx.status = 413;
      ctx.set('Connection', 'close');
      ctx.body = { error: 'The uploaded file is too large.' };
      return;
    }
    ctx.status = err.status === 500 ? 500 : 400;
    ctx.body = { error: err.status === 500 || err.expose ? err.message : 'Invalid input.' };
  }
});
app.use(router.routes()).use(router.allowedMethods());
app.listen(5000, '0.0.0.0');
