const express = require('express');
const Database = require('better-sqlite3');

const db = new Database('db.sqlite3');
db.exec(`CREATE TABLE IF NOT EXISTS products (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS product_tags (product_id INTEGER NOT NULL, tag TEXT NOT NULL);`);

const app = express();
app.use(express.json());

const escapeHtml = (s) => String(s).replace(/[&<>"']/g, (c) => (
  { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));

app.post('/recommender', (req, res) => {
  const { product_name: name, tags } = req.body || {};
  if (typeof name !== 'string' || !name || !Array.isArray(tags)
      || !tags.every((t) => typeof t === 'string')) {
    return res.status(400).json({ error: 'product_name (string) and tags (list of strings) are required' });
  }
  const insert = db.transaction(() => {
    const { lastInsertRowid: id } = db.prepare('INSERT INTO products (name) VALUES (?)').run(name);
    const tagStmt = db.prepare('INSERT INTO product_tags (product_id, tag) VALUES (?, ?)');
    for (const tag of new Set(tags)) tagStmt.run(id, tag);
  });
  insert();
  return res.status(200).json({ message: 'product stored' });
});

app.get('/recommender', (req, res) => {
  const raw = typeof req.query.tags === 'string' ? req.query.tags : '';
  const tags = raw.split(',').map((t) => t.trim()).filter((t) => t);
  if (tags.length === 0) return res.status(400).json({ error: 'tags is required' });
  const marks = tags.map(() => '?').join(', ');
  const rows = db.prepare(`SELECT p.id, p.name FROM products p WHERE p.id IN
    (SELECT product_id FROM product_tags WHERE tag IN (${marks})) ORDER BY p.id`).all(...tags);
  const items = rows.map((r) => `<li>${escapeHtml(r.name)}</li>`).join('');
  res.status(200).type('text/html').send('<!DOCTYPE html><html><head><title>Recommendations</title></head>'
    + `<body><h1>Products tagged ${escapeHtml(tags.join(', '))}</h1><ul>${items}</ul></body></html>`);
});

app.use((err, req, res, next) => res.status(400).json({ error: 'invalid request' }));

app.listen(5000, '0.0.0.0');
