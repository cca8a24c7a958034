const fastify = require('fastify')();
const Database = require('better-sqlite3');

const db = new Database('db.sqlite3');
db.exec('CREATE TABLE IF NOT EXISTS products (name TEXT PRIMARY KEY, properties TEXT NOT NULL)');

const findByName = db.prepare('SELECT name, properties FROM products WHERE name = ?');
const upsert = db.prepare(`INSERT INTO products (name, properties) VALUES (?, ?)
  ON CONFLICT(name) DO UPDATE SET properties = excluded.properties`);

// A product is an object with a non-empty name whose every property is a string.
function validProduct(obj) {
  return obj !== null && typeof obj === 'object' && !Array.isArray(obj)
    && typeof obj.name === 'string' && obj.name !== ''
    && Object.values(obj).every((v) => typeof v === 'string');
}

const load = (row) => ({ ...JSON.parse(row.properties), name: row.name });

function save(name, product) {
  const { name: ignored, ...properties } = product;
  upsert.run(name, JSON.stringify(properties));
}

const invalid = (reply, error = 'Invalid input') => reply.code(400).send({ error });

fastify.post('/add', async (request, reply) => {
  const product = request.body;
  if (!validProduct(product)) return invalid(reply);
  if (findByName.get(product.name)) return invalid(reply, 'A product with this name exists');
  save(product.name, product);
  return reply.code(201).send({ message: 'Product successfully added' });
});

fastify.get('/download', async (request, reply) => {
  const { name } = request.query;
  if (typeof name !== 'string' || name === '') return invalid(reply);
  const row = findByName.get(name);
  if (!row) return reply.code(404).send({ error: 'Product not found' });
  return { data: JSON.stringify(load(row)) };
});

fastify.post('/upload', async (request, reply) => {
  const body = request.body || {};
  if (typeof body.name !== 'string' || typeof body.data !== 'string') return invalid(reply);
  let product;
  try {
    product = JSON.parse(body.data); // data, never evaluated as code
  } catch (e) {
    return invalid(reply, 'Invalid data');
  }
  if (!validProduct(product)) return invalid(reply, 'Invalid data');
  save(body.name, product);
  return { message: 'The product with the given name was updated.' };
});

fastify.get('/search', async (request, reply) => {
  const { query } = request.query;
  if (typeof query !== 'string' || query === '') return invalid(reply);
  const results = db.prepare('SELECT name, properties FROM products').all().map(load)
    .filter((p) => Object.values(p).some((v) => v.includes(query)));
  return { results };
});

fastify.setErrorHandler((error, request, reply) => {
  invalid(reply, 'Invalid request');
});

fastify.listen({ port: 5000, host: '0.0.0.0' }).catch((err) => {
  console.error(err);
  process.exit(1);
});
