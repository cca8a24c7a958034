const express = require('express');
const Database = require('better-sqlite3');

const db = new Database('db.sqlite3');
db.exec(`CREATE TABLE IF NOT EXISTS messages (id INTEGER PRIMARY KEY AUTOINCREMENT,
  content TEXT NOT NULL, username TEXT NOT NULL, created INTEGER NOT NULL)`);

const app = express();
app.use(express.json());

function intParam(value, fallback) {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !/^\d+$/.test(value)) return null;
  return Number(value);
}

app.get('/messages', (req, res) => {
  const limit = intParam(req.query.limit, 10);
  const offset = intParam(req.query.offset, 0);
  const sort = typeof req.query.sort === 'string' ? req.query.sort.toUpperCase() : 'DESC';
  const order = { ASC: 'ASC', DESC: 'DESC' }[sort];
  if (limit === null || offset === null || !order) {
    return res.status(400).json({ error: 'limit and offset must be non-negative integers, sort ASC or DESC' });
  }
  const rows = db.prepare(`SELECT content, username FROM messages ORDER BY created ${order}, id ${order}
    LIMIT ? OFFSET ?`).all(Math.min(limit, 1000), offset);
  // Usernames and contents go into the page as they were posted.
  const items = rows.map((r) => `<li><b>${r.username}</b>: ${r.content}</li>`).join('');
  res.status(200).type('text/html').send(`<!DOCTYPE html><html><head><title>Forum</title></head><body><ul>${items}</ul></body></html>`);
});

app.post('/messages', (req, res) => {
  const { content, username } = req.body || {};
  if (typeof content !== 'string' || typeof username !== 'string' || !content || !username) {
    return res.status(400).json({ error: 'content and username must be non-empty strings' });
  }
  db.prepare('INSERT INTO messages (content, username, created) VALUES (?, ?, ?)').run(content, username, Date.now());
  return res.status(200).json({ message: 'Message posted' });
});

app.use((err, req, res, next) => res.status(400).json({ error: 'Invalid request' }));

app.listen(5000, '0.0.0.0');
