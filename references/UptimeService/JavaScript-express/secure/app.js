const crypto = require('crypto');
const express = require('express');
const Database = require('better-sqlite3');

const SECRET = process.env.APP_SECRET || 'dev-secret';
const db = new Database('db.sqlite3');
db.exec(`CREATE TABLE IF NOT EXISTS services (
  service_id TEXT NOT NULL, token_key TEXT NOT NULL, last_notification TEXT NOT NULL,
  PRIMARY KEY (service_id, token_key))`);

// Tokens are secrets: only a keyed hash of them is stored (and looked up).
const tokenKey = (token) => crypto.createHmac('sha256', SECRET).update(token).digest('hex');

const upsert = db.prepare(`INSERT INTO services (service_id, token_key, last_notification)
  VALUES (?, ?, ?) ON CONFLICT (service_id, token_key)
  DO UPDATE SET last_notification = excluded.last_notification`);
const byToken = db.prepare(`SELECT service_id AS serviceId, last_notification AS lastNotification
  FROM services WHERE token_key = ? ORDER BY service_id`);

const app = express();
app.use(express.json());

app.post('/heartbeat', (req, res) => {
  const { serviceId, token } = req.body || {};
  if (typeof serviceId !== 'string' || typeof token !== 'string') {
    return res.status(400).json({ error: 'Invalid request payload' });
  }
  try {
    upsert.run(serviceId, tokenKey(token), new Date().toISOString());
  } catch (e) {
    return res.status(500).json({ error: 'Internal server error' });
  }
  return res.status(200).json({ message: 'Heartbeat registered successfully' });
});

app.post('/services', (req, res) => {
  const { token } = req.body || {};
  if (typeof token !== 'string') return res.status(400).json({ error: 'Invalid request payload' });
  try {
    return res.status(200).json(byToken.all(tokenKey(token)));
  } catch (e) {
    return res.status(500).json({ error: 'Internal server error' });
  }
});

app.use((err, req, res, next) => res.status(400).json({ error: 'Invalid request' }));

app.listen(5000, '0.0.0.0');
