const crypto = require('crypto');
const Koa = require('koa');
const Router = require('koa-router');
const bodyParser = require('koa-bodyparser');
const Database = require('better-sqlite3');

const SECRET = process.env.APP_SECRET || 'dev-secret';
const db = new Database('db.sqlite3');
db.exec(`CREATE TABLE IF NOT EXISTS services (
  service_id TEXT NOT NULL, token_key TEXT NOT NULL, last_notification TEXT NOT NULL,
  PRIMARY KEY (service_id, token_key))`);

// Tokens are secrets: only a keyed hash of them is stored, and looked up.
const tokenKey = (token) => crypto.createHmac('sha256', SECRET).update(token).digest('hex');

const upsert = db.prepare(`INSERT INTO services (service_id, token_key, last_notification)
  VALUES (?, ?, ?) ON CONFLICT (service_id, token_key)
  DO UPDATE SET last_notification = excluded.last_notification`);
const byToken = db.prepare(`SELECT service_id AS serviceId, last_notification AS lastNotification
  FROM services WHERE token_key = ? ORDER BY service_id`);

const app = new Koa();
const router = new Router();

router.post('/heartbeat', (ctx) => {
  const { serviceId, token } = ctx.request.body || {};
  if (typeof serviceId !== 'string' || typeof token !== 'string') ctx.throw(400, 'Invalid request payload');
  upsert.run(serviceId, tokenKey(token), new Date().toISOString());
  ctx.body = { message: 'Heartbeat registered successfully' };
});

router.post('/services', (ctx) => {
  const { token } = ctx.request.body || {};
  if (typeof token !== 'string') ctx.throw(400, 'Invalid request payload');
  ctx.body = byToken.all(tokenKey(token));
});

app.use(async (ctx, next) => {
  try {
    await next();
  } catch (err) {
    const clientError = err.status >= 400 && err.status < 500;
    ctx.status = clientError ? 400 : 500;
    ctx.body = { error: clientError ? 'Invalid request payload' : 'Internal server error' };
  }
});
app.use(bodyParser());
app.use(router.routes()).use(router.allowedMethods());
app.listen(5000, '0.0.0.0');
