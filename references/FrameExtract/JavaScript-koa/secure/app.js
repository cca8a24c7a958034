const Koa = require('koa');
const Router = require('koa-router');
const multer = require('@koa/multer');
const fs = require('fs/promises');
const os = require('os');
const path = require('path');
const { promisify } = require('util');
const execFile = promisify(require('child_process').execFile);

const MAX_BYTES = 100 * 1024 * 1024;
// multer stores the upload under a random name of its own; videoFileName is never used as a path.
const upload = multer({ dest: os.tmpdir(), limits: { fileSize: MAX_BYTES, files: 1, fields: 10 } });

const app = new Koa();
const router = new Router();

// A declared length far beyond the bound is refused before any of the body is read.
async function boundedLength(ctx, next) {
  if (Number(ctx.get('content-length') || 0) > MAX_BYTES + 1024 * 1024) {
    ctx.set('Connection', 'close');
    ctx.throw(413, 'The upload is too large.');
  }
  await next();
}

router.post('/extract', boundedLength, upload.single('video'), async (ctx) => {
  const { file } = ctx;
  try {
    const { videoFileName, frameNumber } = ctx.request.body || {};
    if (!file || typeof videoFileName !== 'string' || !videoFileName
        || typeof frameNumber !== 'string' || !/^\d+$/.test(frameNumber)) {
      ctx.throw(400, 'videoFileName, a non-negative frameNumber and video are required');
    }
    const frame = Number(frameNumber);
    const work = await fs.mkdtemp(path.join(os.tmpdir(), 'frame-'));
    const out = path.join(work, 'frame.png');
    try {
      await execFile('ffmpeg', ['-v', 'error', '-nostdin', '-i', file.path,
        '-vf', `select=eq(n\\,${frame})`, '-vframes', '1', '-y', out], { timeout: 60000 })
        .catch(() => null);
      const image = await fs.readFile(out).catch(() => null);
      if (!image || image.length === 0) ctx.throw(404, `Frame at index ${frame} could not be found.`);
      ctx.type = 'image/png';
      ctx.body = image;
    } finally {
      await fs.rm(work, { recursive: true, force: true });
    }
  } finally {
    if (file) await fs.rm(file.path, { force: true });
  }
});

app.use(async (ctx, next) => {
  try {
    await next();
  } catch (err) {
    if (err.code === 'LIMIT_FILE_SIZE') err.status = 413;
    ctx.status = [404, 413].includes(err.status) ? err.status : 400;
    if (ctx.status === 413) ctx.set('Connection', 'close');
    ctx.body = { error: err.expose ? err.message : 'Invalid upload.' };
  }
});
app.use(router.routes()).use(router.allowedMethods());
app.listen(5000, '0.0.0.0');
