const Koa = require('koa');
const Router = require('koa-router');
const bodyParser = require('koa-bodyparser');
const fs = require('fs/promises');

const LOG_FILE = 'logs.txt';

// One message, one line: backslashes and every control or line-breaking character are escaped.
function neutralize(message) {
  return message.replace(/\\/g, '\\\\').replace(/[\x00-\x1f\x7f\x85\u2028\u2029]/g, (ch) => {
    if (ch === '\n') return '\\n';
    if (ch === '\r') return '\\r';
    return `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}

const app = new Koa();
const router = new Router();

router.post('/log', async (ctx) => {
  const { message } = ctx.request.body || {};
  if (typeof message !== 'string') ctx.throw(400, 'a string message is required');
  await fs.appendFile(LOG_FILE, `${neutralize(message)}\n`, 'utf8');
  ctx.body = { status: 'logged' };
});

router.get('/logs', async (ctx) => {
  ctx.type = 'text/plain; charset=utf-8';
  ctx.body = await fs.readFile(LOG_FILE, 'utf8').catch(() => '');
});

app.use(async (ctx, next) => {
  try {
    await next();
  } catch (err) {
    ctx.status = 400;
    ctx.body = { error: err.expose ? err.message : 'Invalid request' };
  }
});
app.use(bodyParser());
app.use(router.routes()).use(router.allowedMethods());
app.listen(5000, '0.0.0.0');
