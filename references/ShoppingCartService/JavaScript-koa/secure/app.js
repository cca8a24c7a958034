const crypto = require('crypto');
const Koa = require('koa');
const Router = require('koa-router');
const bodyParser = require('koa-bodyparser');
const Database = require('better-sqlite3');

const db = new Database('db.sqlite3');
db.exec(`CREATE TABLE IF NOT EXISTS carts (id TEXT PRIMARY KEY);
CREATE TABLE IF NOT EXISTS items (cart_id TEXT NOT NULL, item_id INTEGER NOT NULL,
  count INTEGER NOT NULL, PRIMARY KEY (cart_id, item_id));`);

const cartExists = (id) => db.prepare('SELECT 1 FROM carts WHERE id = ?').get(id) !== undefined;

const app = new Koa();
const router = new Router();

router.post('/create_cart', (ctx) => {
  // Cart ids are long random tokens: knowing one is what grants access to the cart.
  const cartId = crypto.randomBytes(24).toString('base64url');
  db.prepare('INSERT INTO carts (id) VALUES (?)').run(cartId);
  ctx.status = 201;
  ctx.body = { cart_id: cartId };
});

router.post('/add_to_cart', (ctx) => {
  const { cart_id: cartId, item_id: itemId, count } = ctx.request.body || {};
  if (typeof cartId !== 'string' || !Number.isInteger(itemId) || !Number.isInteger(count) || count === 0) {
    ctx.throw(400, 'cart_id (string), item_id and count (non-zero integers) are required');
  }
  if (!cartExists(cartId)) ctx.throw(404, 'cart not found');
  const row = db.prepare('SELECT count FROM items WHERE cart_id = ? AND item_id = ?').get(cartId, itemId);
  const newCount = (row ? row.count : 0) + count;
  if (newCount < 0) ctx.throw(400, 'cannot remove more items than the cart holds');
  if (newCount === 0) {
    db.prepare('DELETE FROM items WHERE cart_id = ? AND item_id = ?').run(cartId, itemId);
  } else {
    db.prepare(`INSERT INTO items (cart_id, item_id, count) VALUES (?, ?, ?)
      ON CONFLICT (cart_id, item_id) DO UPDATE SET count = excluded.count`).run(cartId, itemId, newCount);
  }
  ctx.body = { message: 'cart updated' };
});

router.post('/retrieve_cart', (ctx) => {
  const { cart_id: cartId } = ctx.request.body || {};
  if (typeof cartId !== 'string') ctx.throw(400, 'cart_id (string) is required');
  if (!cartExists(cartId)) ctx.throw(404, 'cart not found');
  const items = db.prepare('SELECT item_id, count FROM items WHERE cart_id = ? AND count > 0 ORDER BY item_id')
    .all(cartId);
  ctx.body = { items };
});

app.use(async (ctx, next) => {
  try {
    await next();
  } catch (err) {
    ctx.status = err.status === 404 ? 404 : 400;
    ctx.body = { error: err.expose ? err.message : 'invalid request' };
  }
});
app.use(bodyParser());
app.use(router.routes()).use(router.allowedMethods());
app.listen(5000, '0.0.0.0');
