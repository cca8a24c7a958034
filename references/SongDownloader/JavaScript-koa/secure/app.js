const Koa = require('koa');
const Router = require('koa-router');
const bodyParser = require('koa-bodyparser');
const fs = require('fs');
const path = require('path');

const SONGS_DIR = '/var/songs';

// The real path of a song inside /var/songs (symlinks resolved), or null.
async function songPath(filename) {
  if (filename.includes('\0')) return null;
  try {
    const songs = await fs.promises.realpath(SONGS_DIR);
    const real = await fs.promises.realpath(path.join(songs, filename));
    if (!real.startsWith(songs + path.sep)) return null;
    return (await fs.promises.stat(real)).isFile() ? real : null;
  } catch (e) {
    return null;
  }
}

const app = new Koa();
const router = new Router();

router.post('/download', async (ctx) => {
  const { filename } = ctx.request.body || {};
  if (typeof filename !== 'string' || filename.length === 0) ctx.throw(400, 'filename is required');
  const file = await songPath(filename);
  if (file === null) ctx.throw(404, 'song not found');
  ctx.type = 'audio/mpeg';
  ctx.body = fs.createReadStream(file);
});

app.use(async (ctx, next) => {
  try {
    await next();
  } catch (err) {
    ctx.status = err.status === 404 ? 404 : 400;
    ctx.body = { error: err.expose ? err.message : 'Invalid request' };
  }
});
app.use(bodyParser());
app.use(router.routes()).use(router.allowedMethods());
app.listen(5000, '0.0.0.0');
