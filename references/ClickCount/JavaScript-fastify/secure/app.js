const fastify = require('fastify')();
const Database = require('better-sqlite3');
const { randomUUID } = require('crypto');

const db = new Database('db.sqlite3');
db.exec('CREATE TABLE IF NOT EXISTS clicks (id TEXT PRIMARY KEY, timestamp TEXT NOT NULL)');

// The comparison operator comes from this fixed map, never from the request text itself.
const OPERATORS = new Map([['<', '<'], ['>', '>'], ['<=', '<='], ['>=', '>=']]);

function isDate(text) {
  if (typeof text !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const parsed = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === text;
}

fastify.post('/click', async (request, reply) => {
  db.prepare('INSERT INTO clicks (id, timestamp) VALUES (?, ?)')
    .run(randomUUID(), new Date().toISOString());
  return reply.code(201).send({ message: 'Click registered successfully' });
});

fastify.get('/clicks', async (request, reply) => {
  const { date, direction } = request.query;
  const operator = typeof direction === 'string' ? OPERATORS.get(direction) : undefined;
  if (!isDate(date) || !operator) {
    return reply.code(400).send({ error: 'date must be YYYY-MM-DD and direction one of <, >, <=, >=' });
  }
  const rows = db.prepare(`SELECT id, timestamp FROM clicks WHERE timestamp ${operator} ? ORDER BY timestamp`)
    .all(date);
  if (rows.length === 0) return reply.code(404).send({ error: 'No clicks found' });
  return rows;
});

fastify.setErrorHandler((error, request, reply) => {
  reply.code(400).send({ error: 'Invalid request' });
});

fastify.listen({ port: 5000, host: '0.0.0.0' }).catch((err) => {
  console.error(err);
  process.exit(1);
});
