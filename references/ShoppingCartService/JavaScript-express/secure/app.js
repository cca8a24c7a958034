const crypto = require('crypto');
const express = require('express');
const Database = require('better-sqlite3');

const db = new Database('db.sqlite3');
db.exec(`CREATE TABLE IF NOT EXISTS carts (id TEXT PRIMARY KEY);
CREATE TABLE IF NOT EXISTS items (cart_id TEXT NOT NULL, item_id INTEGER NOT NULL,
  count INTEGER NOT NULL, PRIMARY KEY (cart_id, item_id));`);

const app = express();
app.use(express.json());

const isInt = (v) => Number.isInteger(v);
const cartExists = (id) => db.prepare('SELECT 1 FROM carts WHERE id = ?').get(id) !== undefined;

app.post('/create_cart', (req, res) => {
  const cartId = crypto.randomBytes(24).toString('base64url');
  db.prepare('INSERT INTO carts (id) VALUES (?)').run(cartId);
  res.status(201).json({ cart_id: cartId });
});

app.post('/add_to_cart', (req, res) => {
  const { cart_id: cartId, item_id: itemId, count } = req.body || {};
  if (typeof cartId !== 'string' || !isInt(itemId) || !isInt(count) || count === 0) {
    return res.status(400).json({ error: 'cart_id (string), item_id and count (non-zero integers) are required' });
  }
  if (!cartExists(cartId)) return res.status(404).json({ error: 'cart not found' });
  const row = db.prepare('SELECT count FROM items WHERE cart_id = ? AND item_id = ?').get(cartId, itemId);
  const newCount = (row ? row.count : 0) + count;
  if (newCount < 0) return res.status(400).json({ error: 'cannot remove more items than the cart holds' });
  if (newCount === 0) {
    db.prepare('DELETE FROM items WHERE cart_id = ? AND item_id = ?').run(cartId, itemId);
  } else {
    db.prepare(`INSERT INTO items (cart_id, item_id, count) VALUES (?, ?, ?)
      ON CONFLICT (cart_id, item_id) DO UPDATE SET count = excluded.count`).run(cartId, itemId, newCount);
  }
  return res.status(200).json({ message: 'cart updated' });
});

app.post('/retrieve_cart', (req, res) => {
  const cartId = (req.body || {}).cart_id;
  if (typeof cartId !== 'string') return res.status(400).json({ error: 'cart_id (string) is required' });
  if (!cartExists(cartId)) return res.status(404).json({ error: 'cart not found' });
  const items = db.prepare('SELECT item_id, count FROM items WHERE cart_id = ? AND count > 0 ORDER BY item_id')
    .all(cartId);
  return res.status(200).json({ items });
});

app.use((err, req, res, next) => res.status(400).json({ error: 'invalid request' }));

app.listen(5000, '0.0.0.0');
