const crypto = require('crypto');
const express = require('express');
const cookieParser = require('cookie-parser');
const Database = require('better-sqlite3');
const bcrypt = require('bcrypt');

const COOKIE = 'AUTH_COOKIE';
const db = new Database('db.sqlite3');
db.exec(`CREATE TABLE IF NOT EXISTS merchants (id INTEGER PRIMARY KEY, email TEXT UNIQUE NOT NULL,
  name TEXT NOT NULL, password_hash TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sessions (token TEXT PRIMARY KEY, merchant_id INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS wares (id INTEGER PRIMARY KEY, merchant_id INTEGER NOT NULL,
  name TEXT NOT NULL, description TEXT NOT NULL, price REAL NOT NULL);`);

const app = express();
app.use(express.json());
app.use(cookieParser());

const isText = (v) => typeof v === 'string' && v.length > 0;
const escapeHtml = (s) => String(s).replace(/[&<>"']/g, (c) => (
  { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));

function currentMerchant(req) {
  const token = req.cookies[COOKIE];
  if (typeof token !== 'string' || !token) return null;
  const row = db.prepare('SELECT merchant_id FROM sessions WHERE token = ?').get(token);
  return row ? row.merchant_id : null;
}

// One CSV line into fields: double-quoted fields may hold commas and "" for a quote.
function csvFields(line) {
  const fields = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i += 1) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') { field += '"'; i += 1; } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { fields.push(field); field = ''; } else field += c;
  }
  fields.push(field);
  return quoted ? null : fields;
}

function parseWares(text) {
  const wares = [];
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim()) continue;
    const fields = csvFields(line);
    if (!fields || fields.length !== 3) return null;
    const price = fields[2].trim() === '' ? NaN : Number(fields[2]);
    if (!Number.isFinite(price)) return null;
    wares.push([fields[0].trim(), fields[1].trim(), price]);
  }
  return wares;
}

app.post('/merchants/register', (req, res) => {
  const { email, name, password } = req.body || {};
  if (![email, name, password].every(isText) || !email.includes('@')) {
    return res.status(400).json({ error: 'Invalid input' });
  }
  try {
    db.prepare('INSERT INTO merchants (email, name, password_hash) VALUES (?, ?, ?)')
      .run(email, name, bcrypt.hashSync(password, 10));
  } catch (e) {
    return res.status(400).json({ error: 'Email already registered' });
  }
  return res.status(201).json({ message: 'Merchant registered successfully' });
});

app.post('/merchants/login', (req, res) => {
  const { email, password } = req.body || {};
  if (!isText(email) || typeof password !== 'string') {
    return res.status(401).json({ error: 'Invalid email or password' });
  }
  const row = db.prepare('SELECT id, password_hash FROM merchants WHERE email = ?').get(email);
  if (!row || !bcrypt.compareSync(password, row.password_hash)) {
    return res.status(401).json({ error: 'Invalid email or password' });
  }
  const token = crypto.randomBytes(32).toString('base64url');
  db.prepare('INSERT INTO sessions (token, merchant_id) VALUES (?, ?)').run(token, row.id);
  res.cookie(COOKIE, token, { httpOnly: true, sameSite: 'lax' });
  return res.status(200).json('Login successful');
});

app.post('/merchants/upload-wares', (req, res) => {
  const merchant = currentMerchant(req);
  if (merchant === null) return res.status(401).json({ error: 'Unauthorized' });
  const text = (req.body || {}).csv;
  const wares = typeof text === 'string' ? parseWares(text) : null;
  if (!wares) return res.status(400).json({ error: 'Invalid CSV format' });
  const insert = db.prepare('INSERT INTO wares (merchant_id, name, description, price) VALUES (?, ?, ?, ?)');
  db.transaction(() => { for (const w of wares) insert.run(merchant, ...w); })();
  return res.status(200).json({ message: 'Wares uploaded successfully' });
});

app.get('/wares', (req, res) => {
  if (currentMerchant(req) === null) return res.status(401).json({ error: 'Unauthorized' });
  let query = `SELECT w.name, w.description, w.price, m.email FROM wares w
    JOIN merchants m ON m.id = w.merchant_id WHERE 1 = 1`;
  const args = [];
  for (const [param, op] of [['minPrice', '>='], ['maxPrice', '<=']]) {
    const raw = req.query[param];
    if (raw === undefined || raw === '') continue;
    const value = Number(raw);
    if (typeof raw !== 'string' || !Number.isFinite(value)) {
      return res.status(400).json({ error: `${param} must be a number` });
    }
    query += ` AND w.price ${op} ?`;
    args.push(value);
  }
  const rows = db.prepare(`${query} ORDER BY w.id`).all(...args);
  const body = rows.map((r) => `<tr><td>${escapeHtml(r.name)}</td><td>${escapeHtml(r.description)}</td>`
    + `<td>${r.price}</td><td>${escapeHtml(r.email)}</td></tr>`).join('');
  res.status(200).type('text/html').send('<!DOCTYPE html><html><head><title>Wares</title></head><body><table>'
    + `<tr><th>Name</th><th>Description</th><th>Price</th><th>Merchant</th></tr>${body}</table></body></html>`);
});

app.use((err, req, res, next) => res.status(400).json({ error: 'Invalid request' }));

app.listen(5000, '0.0.0.0');
