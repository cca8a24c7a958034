const Koa = require('koa');
const Router = require('koa-router');
const multer = require('@koa/multer');
const fs = require('fs/promises');
const os = require('os');
const path = require('path');
const { promisify } = require('util');
const execFile = promisify(require('child_process').execFile);

const MAX_SIDE = 2000; // larger frames cost more memory and time than this service allows
const MAX_IMAGES = 50;
const upload = multer({
  storage: multer.memoryStorage(),
  limits: { fileSize: 20 * 1024 * 1024, files: MAX_IMAGES, fields: 10, fieldSize: 1024 },
});

function parseSize(text) {
  const match = /^(\d{1,5})x(\d{1,5})$/.exec(typeof text === 'string' ? text : '');
  if (!match) return null;
  const [width, height] = [Number(match[1]), Number(match[2])];
  return width > 0 && height > 0 && width <= MAX_SIDE && height <= MAX_SIDE ? [width, height] : null;
}

const app = new Koa();
const router = new Router();

router.post('/create-gif', upload.array('images'), async (ctx) => {
  const images = ctx.files || [];
  const fields = ctx.request.body || {};
  const size = parseSize(fields.targetSize);
  const delay = fields.delay === undefined ? '10' : String(fields.delay);
  const reverted = fields.appendReverted === undefined ? 'false' : String(fields.appendReverted).toLowerCase();
  if (images.length === 0) ctx.throw(400, 'send at least one image');
  if (!size) ctx.throw(400, `targetSize must be WIDTHxHEIGHT, each at most ${MAX_SIDE}`);
  if (!/^\d{1,6}$/.test(delay) || !['true', 'false'].includes(reverted)) {
    ctx.throw(400, 'delay must be a non-negative integer, appendReverted true or false');
  }
  // Each image is stored under a name of our own; the client's file names are never used.
  const work = await fs.mkdtemp(path.join(os.tmpdir(), 'gif-'));
  try {
    const frames = [];
    for (const [i, image] of images.entries()) {
      const file = path.join(work, `frame${i}`);
      await fs.writeFile(file, image.buffer);
      frames.push(file);
    }
    const out = path.join(work, 'out.gif');
    const args = ['-delay', `${Number(delay)}x1000`, '-loop', '0', ...frames, '-resize', `${size[0]}x${size[1]}`];
    if (reverted === 'true') args.push('(', '-clone', '0--1', '-reverse', ')');
    args.push(out);
    try {
      await execFile('convert', args, { timeout: 60000 });
    } catch (e) {
      ctx.throw(400, 'the images could not be converted');
    }
    ctx.type = 'image/gif';
    ctx.body = await fs.readFile(out);
  } finally {
    await fs.rm(work, { recursive: true, force: true });
  }
});

app.use(async (ctx, next) => {
  try {
    await next();
  } catch (err) {
    ctx.status = 400;
    ctx.body = { error: err.expose ? err.message : 'invalid upload' };
  }
});
app.use(router.routes()).use(router.allowedMethods());
app.listen(5000, '0.0.0.0');
