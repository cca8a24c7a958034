const Koa = require('koa');
const Router = require('koa-router');
const multer = require('@koa/multer');
const unzipper = require('unzipper');

const MAX_UPLOAD = 20 * 1024 * 1024; // bytes of archive accepted

const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: MAX_UPLOAD, files: 1, fields: 10 } });

class Refused extends Error {}

async function convert(archive) {
  let directory;
  try {
    directory = await unzipper.Open.buffer(archive);
  } catch (e) {
    throw new Refused('the upload is not a zip archive');
  }
  // Every text entry is read whole, however large it expands.
  const texts = directory.files.filter((e) => e.type === 'File' && e.path.toLowerCase().endsWith('.txt'));
  const parts = [];
  for (const entry of texts) parts.push((await entry.buffer()).toString('utf8'));
  return parts.join('\n');
}

const app = new Koa();
const router = new Router();

router.post('/convert', upload.single('file'), async (ctx) => {
  if (!ctx.file) ctx.throw(400, "a zip file is required in the part 'file'");
  try {
    ctx.body = await convert(ctx.file.buffer);
    ctx.type = 'text/plain; charset=utf-8';
  } catch (e) {
    if (e instanceof Refused) ctx.throw(400, e.message);
    throw e;
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
app.use(router.routes()).use(router.allowedMethods());
app.listen(5000, '0.0.0.0');
