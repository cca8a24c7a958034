const Koa = require('koa');
const Router = require('koa-router');
const Database = require('better-sqlite3');
const { randomUUID } = require('crypto');

const db = new Database('db.sqlite3');
db.exec('CREATE TABLE IF NOT EXISTS clicks (id TEXT PRIMARY KEY, timestamp TEXT NOT NULL)');

// The comparison operator comes from this fixed map, never from the request text itself.
const OPERATORS = new Map([['<', '<'], ['>', '>'], ['<=', '<='], ['>=', '>=']]);

function isDate(text) {
  if (typeof text !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const parsed = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === text;
}

const app = new Koa();
const router = new Router();

router.post('/click', (ctx) => {
  db.prepare('INSERT INTO clicks (id, timestamp) VALUES (?, ?)').run(randomUUID(), new Date().toISOString());
  ctx.status = 201;
  ctx.body = { message: 'Click registered successfully' };
});

router.get('/clicks', (ctx) => {
  const { date, direction } = ctx.query;
  const operator = typeof direction === 'string' ? OPERATORS.get(direction) : undefined;
  if (!isDate(date) || !operator) {
    ctx.status = 400;
    ctx.body = { error: 'date must be YYYY-MM-DD and direction one of <, >, <=, >=' };
    return;
  }
  const rows = db.prepare(`SELECT id, timestamp FROM clicks WHERE timestamp ${operator} ? ORDER BY timestamp`)
    .all(date);
  if (rows.length === 0) {
    ctx.status = 404;
    ctx.body = { error: 'No clicks found' };
    return;
  }
  ctx.body = rows;
});

app.use(async (ctx, next) => {
  try {
    await next();
  } catch (err) {
    ctx.status = 400;
    ctx.body = { error: 'Invalid request' };
  }
});
app.use(router.routes()).use(router.allowedMethods());
app.listen(5000, '0.0.0.0');
