const fastify = require('fastify')({ ajv: { customOptions: { coerceTypes: false } } });
const Database = require('better-sqlite3');

const db = new Database('db.sqlite3');
db.exec(`CREATE TABLE IF NOT EXISTS messages (id INTEGER PRIMARY KEY AUTOINCREMENT,
  content TEXT NOT NULL, username TEXT NOT NULL, created INTEGER NOT NULL)`);

const ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };
const escapeHtml = (text) => String(text).replace(/[&<>"'`]/g, (c) => ESCAPES[c]);
const ORDERS = { ASC: 'ASC', DESC: 'DESC' };

// A non-negative integer query parameter, its fallback when absent, or null when malformed.
function intParam(value, fallback) {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !/^\d+$/.test(value)) return null;
  return Number(value);
}

fastify.get('/messages', async (request, reply) => {
  const { query } = request;
  const limit = intParam(query.limit, 10);
  const offset = intParam(query.offset, 0);
  const order = typeof query.sort === 'string' ? ORDERS[query.sort.toUpperCase()] : 'DESC';
  if (limit === null || offset === null || !order) {
    return reply.code(400).send({ error: 'limit and offset must be non-negative integers, sort ASC or DESC' });
  }
  const rows = db.prepare(`SELECT content, username FROM messages
    ORDER BY created ${order}, id ${order} LIMIT ? OFFSET ?`).all(Math.min(limit, 1000), offset);
  const items = rows
    .map((r) => `<li><b>${escapeHtml(r.username)}</b>: ${escapeHtml(r.content)}</li>`).join('');
  return reply.type('text/html; charset=utf-8')
    .send(`<!DOCTYPE html><html><head><title>Forum</title></head><body><ul>${items}</ul></body></html>`);
});

const postSchema = {
  body: {
    type: 'object',
    required: ['content', 'username'],
    properties: {
      content: { type: 'string', minLength: 1 },
      username: { type: 'string', minLength: 1 },
    },
  },
};

fastify.post('/messages', { schema: postSchema }, async (request) => {
  const { content, username } = request.body;
  db.prepare('INSERT INTO messages (content, username, created) VALUES (?, ?, ?)')
    .run(content, username, Date.now());
  return { message: 'Message posted' };
});

fastify.setErrorHandler((error, request, reply) => {
  reply.code(400).send({ error: 'Invalid request' });
});

fastify.listen({ port: 5000, host: '0.0.0.0' }).catch((err) => {
  console.error(err);
  process.exit(1);
});
