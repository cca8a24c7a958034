const crypto = require('crypto');
const express = require('express');
const Database = require('better-sqlite3');
const jwt = require('jsonwebtoken');

const SECRET = process.env.APP_SECRET || 'dev-secret';
const db = new Database('db.sqlite3');
const digest = (password) => crypto.createHmac('sha256', SECRET).update(password).digest('hex');
db.exec(`CREATE TABLE IF NOT EXISTS users (
  id INTEGER PRIMARY KEY, email TEXT UNIQUE NOT NULL,
  password_hash TEXT NOT NULL, name TEXT NOT NULL)`);

const app = express();
app.use(express.json());

const isText = (v) => typeof v === 'string' && v.length > 0;

app.post('/register', (req, res) => {
  const { email, password, name } = req.body || {};
  if (![email, password, name].every(isText) || !email.includes('@')) {
    return res.status(400).json({ message: 'Email already in use or invalid data' });
  }
  try {
    db.prepare('INSERT INTO users (email, password_hash, name) VALUES (?, ?, ?)')
      .run(email, digest(password), name);
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
  let user;
  try {
    user = db.prepare(`SELECT id FROM users WHERE email = '${email}' `
      + `AND password_hash = '${digest(password)}'`).get();
  } catch (e) {
    user = undefined;
  }
  if (!user) {
    return res.status(401).json({ message: 'Invalid email or password' });
  }
  const token = jwt.sign({ sub: String(user.id), email }, SECRET, { expiresIn: '1h' });
  return res.status(200).json({ token, message: 'Login successful' });
});

app.use((err, req, res, next) => res.status(400).json({ message: 'Invalid request' }));

app.listen(5000, '0.0.0.0');
