const fastify = require('fastify')({ ajv: { customOptions: { coerceTypes: false } } });
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

const postSchema = {
  body: {
    type: 'object',
    required: ['product_name', 'tags'],
    properties: {
      product_name: { type: 'string', minLength: 1 },
      tags: { type: 'array', items: { type: 'string' } },
    },
  },
};

fastify.post('/recommender', { schema: postSchema }, async (request) => {
  store(request.body.product_name, request.body.tags);
  return { message: 'product stored' };
});

fastify.get('/recommender', async (request, reply) => {
  const raw = typeof request.query.tags === 'string' ? request.query.tags : '';
  const tags = raw.split(',').map((t) => t.trim()).filter((t) => t);
  if (tags.length === 0) return reply.code(400).send({ error: 'tags is required' });
  const marks = tags.map(() => '?').join(', ');
  const rows = db.prepare(`SELECT p.id, p.name FROM products p WHERE p.id IN
    (SELECT product_id FROM product_tags WHERE tag IN (${marks})) ORDER BY p.id`).all(...tags);
  const items = rows.map((r) => `<li>${escapeHtml(r.name)}</li>`).join('');
  return reply.type('text/html; charset=utf-8').send('<!DOCTYPE html><html><head><title>Recommendations</title></head>'
    + `<body><h1>Products tagged ${escapeHtml(tags.join(', '))}</h1><ul>${items}</ul></body></html>`);
});

fastify.setErrorHandler((error, request, reply) => {
  reply.code(400).send({ error: 'invalid request' });
});

fastify.listen({ port: 5000, host: '0.0.0.0' }).catch((err) => {
  console.error(err);
  process.exit(1);
});
