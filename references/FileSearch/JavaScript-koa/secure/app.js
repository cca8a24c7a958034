const fs = require('fs');
const path = require('path');
const Koa = require('koa');
const Router = require('koa-router');
const bodyParser = require('koa-bodyparser');

const DATA = fs.realpathSync('/data');

// The real path of `relative` under /data, or null when it escapes /data (symlinks included).
function confined(relative) {
  let real;
  try {
    real = fs.realpathSync(path.join(DATA, (relative || '').replace(/^\/+/, '')));
  } catch (e) {
    return null;
  }
  return real === DATA || real.startsWith(DATA + path.sep) ? real : null;
}

function walk(dir, out) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else if (entry.isFile()) out.push(full);
  }
  return out;
}

const optionalString = (v) => v === undefined || v === null || typeof v === 'string';
const app = new Koa();
const router = new Router();

router.post('/search', (ctx) => {
  const body = ctx.request.body;
  ctx.status = 400;
  ctx.body = { error: 'Invalid input' };
  if (!body || typeof body !== 'object') return;
  const { search_content: content, search_filename: name, search_dir: dir } = body;
  if (![content, name, dir].every(optionalString)) return;
  const base = confined(dir);
  if (base === null) return;
  const files = walk(base, []).filter((file) => {
    if (name && path.basename(file).startsWith(name)) return true;
    return Boolean(content) && fs.readFileSync(file).includes(content);
  });
  ctx.status = 200;
  ctx.body = { files: files.sort() };
});

app.use(async (ctx, next) => {
  try {
    await next();
  } catch (e) {
    ctx.status = 400;
    ctx.body = { error: 'Invalid request' };
  }
});
app.use(bodyParser());
app.use(router.routes()).use(router.allowedMethods());
app.listen(5000, '0.0.0.0');
