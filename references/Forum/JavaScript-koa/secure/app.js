const Koa = require('koa');
const Router = require('koa-router');
const bodyParser = require('koa-bodyparser');
const Database = require('better-sqlite3');

const db = new Database('db.sqlite3');
db.exec(`CREATE TABLE IF NOT EXISTS messages (id INTEGER PRIMARY KEY AUTOINCREMENT,
  content TEXT NOT NULL, username TEXT NOT NULL, created INTEGER NOT NULL)`);

const ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };
const escapeHtml = (text) => String(text).replace(/[&<>"'`]/g, (c) => ESCAPES[c]);
const ORDERS = { ASC: 'ASC', DESC: 'DESC' };

// A non-negative integer query parameter, its fallback when absent, or null when malformed.
function intParam(value, fallback) {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !/^\d+$/.test(value)) return null;
  return Number(value);
}

const app = new Koa();
const router = new Router();

router.get('/messages', (ctx) => {
  const { query } = ctx;
  const limit = intParam(query.limit, 10);
  const offset = intParam(query.offset, 0);
  const order = typeof query.sort === 'string' ? ORDERS[query.sort.toUpperCase()] : 'DESC';
  if (limit === null || offset === null || !order) {
    ctx.throw(400, 'limit and offset must be non-negative integers, sort ASC or DESC');
  }
  const rows = db.prepare(`SELECT content, username FROM messages
    ORDER BY created ${order}, id ${order} LIMIT ? OFFSET ?`).all(Math.min(limit, 1000), offset);
  const items = rows
    .map((r) => `<li><b>${escapeHtml(r.username)}</b>: ${escapeHtml(r.content)}</li>`).join('');
  ctx.type = 'text/html; charset=utf-8';
  ctx.body = `<!DOCTYPE html><html><head><title>Forum</title></head><body><ul>${items}</ul></body></html>`;
});

router.post('/messages', (ctx) => {
  const { content, username } = ctx.request.body || {};
  if (typeof content !== 'string' || typeof username !== 'string' || !content || !username) {
    ctx.throw(400, 'content and username must be non-empty strings');
  }
  db.prepare('INSERT INTO messages (content, username, created) VALUES (?, ?, ?)')
    .run(content, username, Date.now());
  ctx.body = { message: 'Message posted' };
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
