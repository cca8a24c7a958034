const express = require('express');
const Database = require('better-sqlite3');

const db = new Database('db.sqlite3');
db.exec(`CREATE TABLE IF NOT EXISTS products (
  name TEXT PRIMARY KEY, properties TEXT NOT NULL)`);

const app = express();
app.use(express.json());

function validProduct(obj) {
  return obj !== null && typeof obj === 'object' && !Array.isArray(obj)
    && typeof obj.name === 'string' && obj.name !== ''
    && Object.values(obj).every((v) => typeof v === 'string');
}

// A product as the API shows it: its name and its properties.
function load(row) {
  return { ...JSON.parse(row.properties), name: row.name };
}

function save(name, product) {
  const props = {};
  for (const [k, v] of Object.entries(product)) if (k !== 'name') props[k] = v;
  db.prepare(`INSERT INTO products (name, properties) VALUES (?, ?)
    ON CONFLICT(name) DO UPDATE SET properties = excluded.properties`)
    .run(name, JSON.stringify(props));
}

app.post('/add', (req, res) => {
  const product = req.body;
  if (!validProduct(product)) return res.status(400).json({ error: 'Invalid input' });
  if (db.prepare('SELECT 1 FROM products WHERE name = ?').get(product.name)) {
    return res.status(400).json({ error: 'A product with this name exists' });
  }
  save(product.name, product);
  return res.status(201).json({ message: 'Product successfully added' });
});

app.get('/download', (req, res) => {
  const name = req.query.name;
  if (typeof name !== 'string' || name === '') return res.status(400).json({ error: 'Invalid input' });
  const row = db.prepare('SELECT name, properties FROM products WHERE name = ?').get(name);
  if (!row) return res.status(404).json({ error: 'Product not found' });
  return res.status(200).json({ data: JSON.stringify(load(row)) });
});

app.post('/upload', (req, res) => {
  const body = req.body || {};
  if (typeof body.name !== 'string' || typeof body.data !== 'string') {
    return res.status(400).json({ error: 'Invalid input' });
  }
  let product;
  try {
    product = JSON.parse(body.data); // data, never code
  } catch (e) {
    return res.status(400).json({ error: 'Invalid data' });
  }
  if (!validProduct(product)) return res.status(400).json({ error: 'Invalid data' });
  save(body.name, product);
  return res.status(200).json({ message: 'The product with the given name was updated.' });
});

app.get('/search', (req, res) => {
  const query = req.query.query;
  if (typeof query !== 'string' || query === '') {
    return res.status(400).json({ error: 'Invalid input' });
  }
  const found = db.prepare('SELECT name, properties FROM products').all().map(load)
    .filter((p) => Object.values(p).some((v) => v.includes(query)));
  return res.status(200).json({ results: found });
});

app.listen(5000, '0.0.0.0');
