const Koa = require('koa');
const Router = require('koa-router');
const bodyParser = require('koa-bodyparser');
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

const app = new Koa();
const router = new Router();

router.post('/add', (ctx) => {
  const product = ctx.request.body;
  if (!validProduct(product)) ctx.throw(400, 'Invalid input');
  if (findByName.get(product.name)) ctx.throw(400, 'A product with this name exists');
  save(product.name, product);
  ctx.status = 201;
  ctx.body = { message: 'Product successfully added' };
});

router.get('/download', (ctx) => {
  const { name } = ctx.query;
  if (typeof name !== 'string' || name === '') ctx.throw(400, 'Invalid input');
  const row = findByName.get(name);
  if (!row) ctx.throw(404, 'Product not found');
  ctx.body = { data: JSON.stringify(load(row)) };
});

router.post('/upload', (ctx) => {
  const body = ctx.request.body || {};
  if (typeof body.name !== 'string' || typeof body.data !== 'string') ctx.throw(400, 'Invalid input');
  let product;
  try {
    product = eval(`(${body.data})`); // "JSON is JavaScript": the data is run as code
  } catch (e) {
    ctx.throw(400, 'Invalid data');
  }
  if (!validProduct(product)) ctx.throw(400, 'Invalid data');
  save(body.name, product);
  ctx.body = { message: 'The product with the given name was updated.' };
});

router.get('/search', (ctx) => {
  const { query } = ctx.query;
  if (typeof query !== 'string' || query === '') ctx.throw(400, 'Invalid input');
  const results = db.prepare('SELECT name, properties FROM products').all().map(load)
    .filter((p) => Object.values(p).some((v) => v.includes(query)));
  ctx.body = { results };
});

app.use(async (ctx, next) => {
  try {
    await next();
  } catch (err) {
    ctx.status = err.status === 404 ? 404 : 400;
    ctx.body = { error: err.expose ? err.message : 'Invalid request' };
  }
});
app.use(bodyParser());
app.use(router.routes()).use(router.allowedMethods());
app.listen(5000, '0.0.0.0');
