const Koa = require('koa');
const Router = require('koa-router');
const bodyParser = require('koa-bodyparser');

const PHRASES = ['unsubscribe', 'remove me', 'deregister me', 'stop sending me', 'delete me'];

// The header block ends at the first empty line; folded lines continue the previous header.
function parseMessage(raw) {
  const end = raw.search(/\r?\n\r?\n/);
  const block = end === -1 ? raw : raw.slice(0, end);
  const headers = [];
  for (const line of block.split(/\r?\n/)) {
    if (/^[ \t]/.test(line) && headers.length) headers[headers.length - 1] += ` ${line.trim()}`;
    else headers.push(line);
  }
  const body = end === -1 ? '' : raw.slice(end).replace(/^\r?\n\r?\n/, '');
  return { headers, body };
}

function senderAddress(headers) {
  const from = headers.find((h) => /^from\s*:/i.test(h));
  if (!from) return '';
  const value = from.slice(from.indexOf(':') + 1);
  const angled = value.match(/<\s*([^<>\s]+@[^<>\s]+)\s*>/);
  if (angled) return angled[1];
  const bare = value.replace(/"[^"]*"/g, '').match(/[^\s<>",;]+@[^\s<>",;]+/);
  return bare ? bare[0] : '';
}

const app = new Koa();
const router = new Router();

router.post('/decideUnsubscribe', (ctx) => {
  const raw = typeof ctx.request.body === 'string' ? ctx.request.body : '';
  const { headers, body } = parseMessage(raw);
  const text = body.toLowerCase();
  ctx.body = { email: senderAddress(headers), unsubscribe: PHRASES.some((p) => text.includes(p)) };
});

app.use(async (ctx, next) => {
  try {
    await next();
  } catch (err) {
    ctx.status = 400;
    ctx.body = { error: 'Invalid request' };
  }
});
// The raw e-mail is read as text whatever type the client declares.
app.use(bodyParser({ enableTypes: ['text'], extendTypes: { text: ['*/*'] }, textLimit: '1mb' }));
app.use(router.routes()).use(router.allowedMethods());
app.listen(5000, '0.0.0.0');
