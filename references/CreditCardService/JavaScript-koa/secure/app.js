const Koa = require('koa');
const Router = require('koa-router');
const bodyParser = require('koa-bodyparser');
const Database = require('better-sqlite3');

const db = new Database('db.sqlite3');
db.exec(`CREATE TABLE IF NOT EXISTS cards (credit_card TEXT NOT NULL, phone TEXT NOT NULL,
  UNIQUE (credit_card, phone))`);

const isText = (v) => typeof v === 'string' && v.length > 0;
const app = new Koa();
const router = new Router();

router.post('/associate_card', (ctx) => {
  const { credit_card: card, phone } = ctx.request.body || {};
  if (!isText(card) || !isText(phone)) ctx.throw(400, 'credit_card and phone must be strings');
  db.prepare('INSERT OR IGNORE INTO cards (credit_card, phone) VALUES (?, ?)').run(card, phone);
  ctx.status = 201;
  ctx.body = { message: 'Association created successfully' };
});

router.post('/retrieve_cards', (ctx) => {
  const phones = (ctx.request.body || {}).phone_numbers;
  // Only a real array of strings is accepted: an array-like object is not an array.
  if (!Array.isArray(phones) || !phones.every((p) => typeof p === 'string')) {
    ctx.throw(400, 'phone_numbers must be an array of strings');
  }
  const wanted = [...new Set(phones)];
  const marks = wanted.map(() => '?').join(', ');
  const rows = wanted.length === 0 ? [] : db.prepare(`SELECT credit_card FROM cards
    WHERE phone IN (${marks}) GROUP BY credit_card HAVING COUNT(DISTINCT phone) = ?`)
    .all(...wanted, wanted.length);
  if (rows.length === 0) ctx.throw(404, 'Not found');
  ctx.body = { card_numbers: rows.map((r) => r.credit_card).sort() };
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
