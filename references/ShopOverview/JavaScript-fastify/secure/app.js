const crypto = require('crypto');
const { Readable } = require('stream');
const fastify = require('fastify')();
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

fastify.register(require('@fastify/cookie'));

const isText = (v) => typeof v === 'string' && v.length > 0;
const escapeHtml = (s) => String(s).replace(/[&<>"']/g, (c) => (
  { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));

// Sessions are random tokens kept server-side; the merchant of the request is request.merchant.
fastify.decorateRequest('merchant', null);
async function requireMerchant(request, reply) {
  const token = request.cookies[COOKIE];
  const row = isText(token) ? db.prepare('SELECT merchant_id FROM sessions WHERE token = ?').get(token) : null;
  if (!row) return reply.code(401).send({ error: 'Unauthorized' });
  request.merchant = row.merchant_id;
  return undefined;
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

fastify.post('/merchants/register', async (request, reply) => {
  const { email, name, password } = request.body || {};
  if (![email, name, password].every(isText) || !email.includes('@')) {
    return reply.code(400).send({ error: 'Invalid input' });
  }
  const hash = await bcrypt.hash(password, 10);
  try {
    db.prepare('INSERT INTO merchants (email, name, password_hash) VALUES (?, ?, ?)').run(email, name, hash);
  } catch (e) {
    return reply.code(400).send({ error: 'Email already registered' });
  }
  return reply.code(201).send({ message: 'Merchant registered successfully' });
});

fastify.post('/merchants/login', async (request, reply) => {
  const { email, password } = request.body || {};
  if (!isText(email) || typeof password !== 'string') {
    return reply.code(401).send({ error: 'Invalid email or password' });
  }
  const row = db.prepare('SELECT id, password_hash FROM merchants WHERE email = ?').get(email);
  if (!row || !(await bcrypt.compare(password, row.password_hash))) {
    return reply.code(401).send({ error: 'Invalid email or password' });
  }
  const token = crypto.randomBytes(32).toString('base64url');
  db.prepare('INSERT INTO sessions (token, merchant_id) VALUES (?, ?)').run(token, row.id);
  return reply.setCookie(COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax' })
    .type('application/json').send(JSON.stringify('Login successful'));
});

fastify.post('/merchants/upload-wares', { preHandler: requireMerchant }, async (request, reply) => {
  const text = (request.body || {}).csv;
  const wares = typeof text === 'string' ? await parseWares(text) : null;
  if (!wares) return reply.code(400).send({ error: 'Invalid CSV format' });
  const insert = db.prepare('INSERT INTO wares (merchant_id, name, description, price) VALUES (?, ?, ?, ?)');
  db.transaction(() => { for (const w of wares) insert.run(request.merchant, ...w); })();
  return { message: 'Wares uploaded successfully' };
});

fastify.get('/wares', { preHandler: requireMerchant }, async (request, reply) => {
  let sql = `SELECT w.name, w.description, w.price, m.email FROM wares w
    JOIN merchants m ON m.id = w.merchant_id WHERE 1 = 1`;
  const args = [];
  for (const [param, op] of [['minPrice', '>='], ['maxPrice', '<=']]) {
    const raw = request.query[param];
    if (raw === undefined || raw === '') continue;
    const value = Number(raw);
    if (typeof raw !== 'string' || !Number.isFinite(value)) {
      return reply.code(400).send({ error: `${param} must be a number` });
    }
    sql += ` AND w.price ${op} ?`;
    args.push(value);
  }
  const rows = db.prepare(`${sql} ORDER BY w.id`).all(...args);
  const body = rows.map((r) => `<tr><td>${escapeHtml(r.name)}</td><td>${escapeHtml(r.description)}</td>`
    + `<td>${r.price}</td><td>${escapeHtml(r.email)}</td></tr>`).join('');
  return reply.type('text/html; charset=utf-8').send('<!DOCTYPE html><html><head><title>Wares</title></head><body><table>'
    + `<tr><th>Name</th><th>Description</th><th>Price</th><th>Merchant</th></tr>${body}</table></body></html>`);
});

fastify.setErrorHandler((error, request, reply) => {
  reply.code(400).send({ error: 'Invalid request' });
});

fastify.listen({ port: 5000, host: '0.0.0.0' }).catch((err) => {
  console.error(err);
  process.exit(1);
});
