const crypto = require('crypto');
const Koa = require('koa');
const Router = require('koa-router');
const bodyParser = require('koa-bodyparser');
const Database = require('better-sqlite3');
const bcrypt = require('bcrypt');
const jwt = require('jsonwebtoken');

const SECRET = process.env.APP_SECRET || 'dev-secret';

// Secrets are stored encrypted with AES-256-GCM under a key derived from APP_SECRET.
const KEY = crypto.createHash('sha256').update('secret-storage:' + SECRET).digest();
function seal(text) {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', KEY, iv);
  const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('hex');
}
function unseal(stored) {
  const raw = Buffer.from(stored, 'hex');
  const decipher = crypto.createDecipheriv('aes-256-gcm', KEY, raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
}
const db = new Database('db.sqlite3');
db.exec(`CREATE TABLE IF NOT EXISTS users (id INTEGER PRIMARY KEY, email TEXT UNIQUE NOT NULL,
  username TEXT UNIQUE NOT NULL, password_hash TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS secrets (user_id INTEGER PRIMARY KEY, secret TEXT NOT NULL);`);

const isText = (v) => typeof v === 'string' && v.length > 0;
const INVALID_TOKEN = 'Invalid authentication token';

// Every secret route needs a valid bearer token; the user it names is ctx.state.user.
async function authenticate(ctx, next) {
  const header = ctx.get('Authorization');
  let user;
  if (header.startsWith('Bearer ')) {
    try {
      const claims = jwt.verify(header.slice(7), SECRET, { algorithms: ['HS256'] });
      user = db.prepare('SELECT id, username FROM users WHERE id = ?').get(Number(claims.sub));
    } catch (e) {
      user = undefined;
    }
  }
  if (!user) ctx.throw(401, INVALID_TOKEN);
  ctx.state.user = user;
  await next();
}

const app = new Koa();
const router = new Router();

router.post('/register', async (ctx) => {
  const { email, username, password } = ctx.request.body || {};
  if (![email, username, password].every(isText) || !email.includes('@')) {
    ctx.throw(400, 'Email already in use or invalid data');
  }
  const hash = await bcrypt.hash(password, 10);
  try {
    db.prepare('INSERT INTO users (email, username, password_hash) VALUES (?, ?, ?)').run(email, username, hash);
  } catch (e) {
    ctx.throw(400, 'Email already in use or invalid data');
  }
  ctx.status = 201;
  ctx.body = { message: 'Registration successful' };
});

router.post('/login', async (ctx) => {
  const { email, password } = ctx.request.body || {};
  if (!isText(email) || typeof password !== 'string') ctx.throw(401, 'Invalid email or password');
  const user = db.prepare('SELECT id, password_hash FROM users WHERE email = ?').get(email);
  if (!user || !(await bcrypt.compare(password, user.password_hash))) {
    ctx.throw(401, 'Invalid email or password');
  }
  const token = jwt.sign({ sub: String(user.id) }, SECRET, { algorithm: 'HS256', expiresIn: '1h' });
  ctx.body = { token, message: 'Login successful' };
});

router.post('/set_secret', authenticate, (ctx) => {
  const { username, secret } = ctx.request.body || {};
  // A token only ever opens its own user's secret.
  if (username !== ctx.state.user.username) ctx.throw(401, INVALID_TOKEN);
  if (typeof secret !== 'string') ctx.throw(400, 'secret (string) is required');
  db.prepare(`INSERT INTO secrets (user_id, secret) VALUES (?, ?)
    ON CONFLICT (user_id) DO UPDATE SET secret = excluded.secret`).run(ctx.state.user.id, seal(secret));
  ctx.body = { message: 'Secret has been set successfully' };
});

router.get('/get_secret', authenticate, (ctx) => {
  if (ctx.query.username !== ctx.state.user.username) ctx.throw(401, INVALID_TOKEN);
  const row = db.prepare('SELECT secret FROM secrets WHERE user_id = ?').get(ctx.state.user.id);
  if (!row) ctx.throw(404, 'No secret has been set');
  ctx.body = { secret: unseal(row.secret) };
});

app.use(async (ctx, next) => {
  try {
    await next();
  } catch (err) {
    ctx.status = [401, 404].includes(err.status) ? err.status : 400;
    ctx.body = { message: err.expose ? err.message : 'Invalid request' };
  }
});
app.use(bodyParser());
app.use(router.routes()).use(router.allowedMethods());
app.listen(5000, '0.0.0.0');
