const crypto = require('crypto');
const { Readable } = require('stream');
const Koa = require('koa');
const Router = require('koa-router');
const bodyParser = require('koa-bodyparser');
const csv = require('csv-parser');
const Database = require('better-sqlite3');
const bcrypt = require('bcrypt');

const COOKIE = 'AUTH_COOKIE';
const db = new Database('db.sqlite3');
db.exec(`CREATE TABLE IF NOT EXISTS merchants (id INTEGER PRIMARY KEY, email TEXT UNIQUE NOT NULL,
  name TEXT NOT NULL, password_hash TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sessions (token TEXT PRIMARY KEY, merchant_id INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS wares (id INTEGER PRIMARY KEY, merchant_id INTEGER NOT NULL,
  name TEXT NOT NULL, description TEXT NOT NULL, price REAL NOT NULL);`);

const isText = (v) => typeof v === 'string' && v.length > 0;
const escapeHtml = (s) => String(s).replace(/[&<>"']/g, (c) => (
  { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));

// Sessions are random tokens kept server-side; the merchant of the request is ctx.state.merchant.
async function requireMerchant(ctx, next) {
  const token = ctx.cookies.get(COOKIE);
  const row = isText(token) ? db.prepare('SELECT merchant_id FROM sessions WHERE token = ?').get(token) : null;
  if (!row) ctx.throw(401, 'Unauthorized');
  ctx.state.merchant = row.merchant_id;
  await next();
}

// Rows of exactly name, description, price (a finite number), or null when the CSV is malformed.
async function parseWares(text) {
  const wares = [];
  try {
    const rows = Readable.from([text]).pipe(csv({ headers: ['name', 'description', 'price'], strict: true }));
    for await (const row of rows) {
      const price = row.price.trim() === '' ? NaN : Number(row.price);
      if (!Number.isFinite(price)) return null;
      wares.push([row.name.trim(), row.description.trim(), price]);
    }
  } catch (e) {
    return null;
  }
  return wares;
}

const app = new Koa();
const router = new Router();

router.post('/merchants/register', async (ctx) => {
  const { email, name, password } = ctx.request.body || {};
  if (![email, name, password].every(isText) || !email.includes('@')) ctx.throw(400, 'Invalid input');
  const hash = await bcrypt.hash(password, 10);
  try {
    db.prepare('INSERT INTO merchants (email, name, password_hash) VALUES (?, ?, ?)').run(email, name, hash);
  } catch (e) {
    ctx.throw(400, 'Email already registered');
  }
  ctx.status = 201;
  ctx.body = { message: 'Merchant registered successfully' };
});

router.post('/merchants/login', async (ctx) => {
  const { email, password } = ctx.request.body || {};
  if (!isText(email) || typeof password !== 'string') ctx.throw(401, 'Invalid email or password');
  const row = db.prepare('SELECT id, password_hash FROM merchants WHERE email = ?').get(email);
  if (!row || !(await bcrypt.compare(password, row.password_hash))) {
    ctx.throw(401, 'Invalid email or password');
  }
  const token = crypto.randomBytes(32).toString('base64url');
  db.prepare('INSERT INTO sessions (token, merchant_id) VALUES (?, ?)').run(token, row.id);
  ctx.cookies.set(COOKIE, token, { httpOnly: true, sameSite: 'lax' });
  ctx.type = 'application/json';
  ctx.body = JSON.stringify('Login successful');
});

router.post('/merchants/upload-wares', requireMerchant, async (ctx) => {
  const text = (ctx.request.body || {}).csv;
  const wares = typeof text === 'string' ? await parseWares(text) : null;
  if (!wares) ctx.throw(400, 'Invalid CSV format');
  const insert = db.prepare('INSERT INTO wares (merchant_id, name, description, price) VALUES (?, ?, ?, ?)');
  db.transaction(() => { for (const w of wares) insert.run(ctx.state.merchant, ...w); })();
  ctx.body = { message: 'Wares uploaded successfully' };
});

router.get('/wares', requireMerchant, (ctx) => {
  let sql = `SELECT w.name, w.description, w.price, m.email FROM wares w
    JOIN merchants m ON m.id = w.merchant_id WHERE 1 = 1`;
  const args = [];
  for (const [param, op] of [['minPrice', '>='], ['maxPrice', '<=']]) {
    const raw = ctx.query[param];
    if (raw === undefined || raw === '') continue;
    const value = Number(raw);
    if (typeof raw !== 'string' || !Number.isFinite(value)) ctx.throw(400, `${param} must be a number`);
    sql += ` AND w.price ${op} ?`;
    args.push(value);
  }
  const rows = db.prepare(`${sql} ORDER BY w.id`).all(...args);
  const body = rows.map((r) => `<tr><td>${r.name}</td><td>${r.description}</td>`
    + `<td>${r.price}</td><td>${escapeHtml(r.email)}</td></tr>`).join('');
  ctx.type = 'text/html; charset=utf-8';
  ctx.body = '<!DOCTYPE html><html><head><title>Wares</title></head><body><table>'
    + `<tr><th>Name</th><th>Description</th><th>Price</th><th>Merchant</th></tr>${body}</table></body></html>`;
});

app.use(async (ctx, next) => {
  try {
    await next();
  } catch (err) {
    ctx.status = err.status === 401 ? 401 : 400;
    ctx.body = { error: err.expose ? err.message : 'Invalid request' };
  }
});
app.use(bodyParser());
app.use(router.routes()).use(router.allowedMethods());
app.listen(5000, '0.0.0.0');
