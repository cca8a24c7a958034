const Koa = require('koa');
const Router = require('koa-router');
const multer = require('@koa/multer');
const crypto = require('crypto');

const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: 20 * 1024 * 1024, files: 1 } });
const images = new Map(); // random id -> { data, type }

// Only these image types are served as themselves; anything else (HTML, SVG, scripts, ...) is
// served as an opaque type that a browser never runs.
function sniff(buf) {
  const ascii = (from, to) => buf.subarray(from, to).toString('latin1');
  const starts = (bytes) => bytes.every((b, i) => buf[i] === b);
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (starts([0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (['GIF87a', 'GIF89a'].includes(ascii(0, 6))) return 'image/gif';
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'image/webp';
  if (starts([0x42, 0x4d])) return 'image/bmp';
  return 'application/octet-stream';
}

const app = new Koa();
const router = new Router();

router.post('/upload', upload.single('file'), (ctx) => {
  if (!ctx.file) ctx.throw(400, 'no file');
  const id = crypto.randomBytes(16).toString('hex');
  images.set(id, { data: ctx.file.buffer, type: sniff(ctx.file.buffer) });
  ctx.body = { id };
});

router.get('/images/:imageId', (ctx) => {
  const image = images.get(ctx.params.imageId);
  if (!image) ctx.throw(404, 'not found');
  ctx.type = image.type;
  ctx.set('X-Content-Type-Options', 'nosniff');
  ctx.body = image.data;
});

app.use(async (ctx, next) => {
  try {
    await next();
  } catch (err) {
    ctx.status = err.status === 404 ? 404 : 400;
    ctx.body = { error: err.expose ? err.message : 'Invalid request' };
  }
});
app.use(router.routes()).use(router.allowedMethods());
app.listen(5000, '0.0.0.0');
