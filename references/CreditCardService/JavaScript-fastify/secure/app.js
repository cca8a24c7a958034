const fastify = require('fastify')({ ajv: { customOptions: { coerceTypes: false } } });
const Database = require('better-sqlite3');

const db = new Database('db.sqlite3');
db.exec(`CREATE TABLE IF NOT EXISTS cards (credit_card TEXT NOT NULL, phone TEXT NOT NULL,
  UNIQUE (credit_card, phone))`);

const associateSchema = {
  body: {
    type: 'object',
    required: ['credit_card', 'phone'],
    properties: {
      credit_card: { type: 'string', minLength: 1 },
      phone: { type: 'string', minLength: 1 },
    },
  },
};

const retrieveSchema = {
  body: {
    type: 'object',
    required: ['phone_numbers'],
    properties: { phone_numbers: { type: 'array', items: { type: 'string' } } },
  },
};

fastify.post('/associate_card', { schema: associateSchema }, async (request, reply) => {
  const { credit_card: card, phone } = request.body;
  db.prepare('INSERT OR IGNORE INTO cards (credit_card, phone) VALUES (?, ?)').run(card, phone);
  return reply.code(201).send({ message: 'Association created successfully' });
});

fastify.post('/retrieve_cards', { schema: retrieveSchema }, async (request, reply) => {
  const wanted = [...new Set(request.body.phone_numbers)];
  if (wanted.length === 0) return reply.code(404).send({ error: 'Not found' });
  const marks = wanted.map(() => '?').join(', ');
  const rows = db.prepare(`SELECT credit_card FROM cards WHERE phone IN (${marks})
    GROUP BY credit_card HAVING COUNT(DISTINCT phone) = ?`).all(...wanted, wanted.length);
  if (rows.length === 0) return reply.code(404).send({ error: 'Not found' });
  return { card_numbers: rows.map((r) => r.credit_card).sort() };
});

fastify.setErrorHandler((error, request, reply) => {
  reply.code(400).send({ error: 'Invalid request' });
});

fastify.listen({ port: 5000, host: '0.0.0.0' }).catch((err) => {
  console.error(err);
  process.exit(1);
});
