const Koa = require('koa');
const Router = require('koa-router');
const bodyParser = require('koa-bodyparser');
const Database = require('better-sqlite3');

const db = new Database('db.sqlite3');
db.exec(`CREATE TABLE IF NOT EXISTS products (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS product_tags (product_id INTEGER NOT NULL, tag TEXT NOT NULL);`);

const escapeHtml = (s) => String(s).replace(/[&<>"']/g, (c) => (
  { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));

const insertProduct = db.prepare('INSERT INTO products (name) VALUES (?)');
const insertTag = db.prepare('INSERT INTO product_tags (product_id, tag) VALUES (?, ?)');
const store = db.transaction((name, tags) => {
  const { lastInsertRowid: id } = insertProduct.run(name);
  for (const tag of new Set(tags)) insertTag.run(id, tag);
});

const app = new Koa();
const router = new Router();

router.post('/recommender', (ctx) => {
  const { product_name: name, tags } = ctx.request.body || {};
  if (typeof name !== 'string' || !name || !Array.isArray(tags) || !tags.every((t) => typeof t === 'string')) {
    ctx.throw(400, 'product_name (string) and tags (list of strings) are required');
  }
  store(name, tags);
  ctx.body = { message: 'product stored' };
});

router.get('/recommender', (ctx) => {
  const raw = typeof ctx.query.tags === 'string' ? ctx.query.tags : '';
  const tags = raw.split(',').map((t) => t.trim()).filter((t) => t);
  if (tags.length === 0) ctx.throw(400, 'tags is required');
  const marks = tags.map(() => '?').join(', ');
  const rows = db.prepare(`SELECT p.id, p.name FROM products p WHERE p.id IN
    (SELECT product_id FROM product_tags WHERE tag IN (${marks})) ORDER BY p.id`).all(...tags);
  const items = rows.map((r) => `<li>${escapeHtml(r.name)}</li>`).join('');
  ctx.type = 'text/html; charset=utf-8';
  ctx.body = '<!DOCTYPE html><html><head><title>Recommendations</title></head>'
    + `<body><h1>Products tagged ${escapeHtml(tags.join(', '))}</h1><ul>${items}</ul></body></html>`;
});

app.use(async (ctx, next) => {
  try {
    await next();
  } catch (err) {
    ctx.status = 400;
    ctx.body = { error: err.expose ? err.message : 'invalid request' };
  }
});
app.use(bodyParser());
app.use(router.routes()).use(router.allowedMethods());
app.listen(5000, '0.0.0.0');
