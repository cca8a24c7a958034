const crypto = require('crypto');
const fastify = require('fastify')({ ajv: { customOptions: { coerceTypes: false } } });
const Database = require('better-sqlite3');

const db = new Database('db.sqlite3');
db.exec(`CREATE TABLE IF NOT EXISTS carts (id TEXT PRIMARY KEY);
CREATE TABLE IF NOT EXISTS items (cart_id TEXT NOT NULL, item_id INTEGER NOT NULL,
  count INTEGER NOT NULL, PRIMARY KEY (cart_id, item_id));`);

const cartExists = (id) => db.prepare('SELECT 1 FROM carts WHERE id = ?').get(id) !== undefined;

const addSchema = {
  body: {
    type: 'object',
    required: ['cart_id', 'item_id', 'count'],
    properties: {
      cart_id: { type: 'string' },
      item_id: { type: 'integer' },
      count: { type: 'integer', not: { const: 0 } },
    },
  },
};
const retrieveSchema = {
  body: { type: 'object', required: ['cart_id'], properties: { cart_id: { type: 'string' } } },
};

fastify.post('/create_cart', async (request, reply) => {
  // Cart ids are long random tokens: knowing one is what grants access to the cart.
  const cartId = crypto.randomBytes(24).toString('base64url');
  db.prepare('INSERT INTO carts (id) VALUES (?)').run(cartId);
  return reply.code(201).send({ cart_id: cartId });
});

fastify.post('/add_to_cart', { schema: addSchema }, async (request, reply) => {
  const { cart_id: cartId, item_id: itemId, count } = request.body;
  if (!cartExists(cartId)) return reply.code(404).send({ error: 'cart not found' });
  const row = db.prepare('SELECT count FROM items WHERE cart_id = ? AND item_id = ?').get(cartId, itemId);
  const newCount = (row ? row.count : 0) + count;
  if (newCount < 0) return reply.code(400).send({ error: 'cannot remove more items than the cart holds' });
  if (newCount === 0) {
    db.prepare('DELETE FROM items WHERE cart_id = ? AND item_id = ?').run(cartId, itemId);
  } else {
    db.prepare(`INSERT INTO items (cart_id, item_id, count) VALUES (?, ?, ?)
      ON CONFLICT (cart_id, item_id) DO UPDATE SET count = excluded.count`).run(cartId, itemId, newCount);
  }
  return { message: 'cart updated' };
});

fastify.post('/retrieve_cart', { schema: retrieveSchema }, async (request, reply) => {
  const { cart_id: cartId } = request.body;
  if (!cartExists(cartId)) return reply.code(404).send({ error: 'cart not found' });
  const items = db.prepare('SELECT item_id, count FROM items WHERE cart_id = ? AND count > 0 ORDER BY item_id')
    .all(cartId);
  return { items };
});

fastify.setErrorHandler((error, request, reply) => {
  reply.code(400).send({ error: 'invalid request' });
});

fastify.listen({ port: 5000, host: '0.0.0.0' }).catch((err) => {
  console.error(err);
  process.exit(1);
});
