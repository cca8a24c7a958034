const Koa = require('koa');
const Router = require('koa-router');
const multer = require('@koa/multer');
const unzipper = require('unzipper');

const MAX_UPLOAD = 20 * 1024 * 1024; // bytes of archive accepted
const MAX_TEXT = 10 * 1024 * 1024; // bytes of text the archive may expand to

const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: MAX_UPLOAD, files: 1, fields: 10 } });

class Refused extends Error {}

const isLink = (entry) => ((entry.externalFileAttributes >>> 16) & 0o170000) === 0o120000;

// An entry's bytes, read as a stream and stopped once `budget` is spent: the sizes an archive
// declares can lie. Entries are only read, never written to disk, so their names are inert.
async function readEntry(entry, budget) {
  const chunks = [];
  let size = 0;
  const stream = entry.stream();
  try {
    for await (const chunk of stream) {
      size += chunk.length;
      if (size > budget) throw new Refused('the archive expands to too much text');
      chunks.push(chunk);
    }
  } finally {
    stream.destroy();
  }
  return Buffer.concat(chunks);
}

async function convert(archive) {
  let directory;
  try {
    directory = await unzipper.Open.buffer(archive);
  } catch (e) {
    throw new Refused('the upload is not a zip archive');
  }
  const texts = directory.files.filter((e) => e.type === 'File' && !isLink(e)
    && e.path.toLowerCase().endsWith('.txt'));
  if (texts.reduce((sum, e) => sum + e.uncompressedSize, 0) > MAX_TEXT) {
    throw new Refused('the archive expands to too much text');
  }
  let budget = MAX_TEXT;
  const parts = [];
  for (const entry of texts) {
    let data;
    try {
      data = await readEntry(entry, budget);
    } catch (e) {
      throw e instanceof Refused ? e : new Refused('damaged zip entry');
    }
    budget -= data.length;
    parts.push(data.toString('utf8'));
  }
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
