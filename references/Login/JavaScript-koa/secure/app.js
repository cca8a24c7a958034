const Koa = require('koa');
const Router = require('koa-router');
const bodyParser = require('koa-bodyparser');
const Database = require('better-sqlite3');
const bcrypt = require('bcrypt');
const jwt = require('jsonwebtoken');

const SECRET = process.env.APP_SECRET || 'dev-secret';
const db = new Database('db.sqlite3');
db.exec(`CREATE TABLE IF NOT EXISTS users (
  id INTEGER PRIMARY KEY, email TEXT UNIQUE NOT NULL,
  password_hash TEXT NOT NULL, name TEXT NOT NULL)`);

const isText = (v) => typeof v === 'string' && v.length > 0;
const app = new Koa();
const router = new Router();

function reply(ctx, status, body) {
  ctx.status = status;
  ctx.body = body;
}

router.post('/register', async (ctx) => {
  const { email, password, name } = ctx.request.body || {};
  const invalid = { message: 'Email already in use or invalid data' };
  if (![email, password, name].every(isText) || !email.includes('@')) {
    return reply(ctx, 400, invalid);
  }
  const hash = await bcrypt.hash(password, 10);
  try {
    db.prepare('INSERT INTO users (email, password_hash, name) VALUES (?, ?, ?)')
      .run(email, hash, name);
  } catch (e) {
    return reply(ctx, 400, invalid);
  }
  return reply(ctx, 201, { message: 'Registration successful' });
});

router.post('/login', async (ctx) => {
  const { email, password } = ctx.request.body || {};
  const invalid = { message: 'Invalid email or password' };
  if (!isText(email) || typeof password !== 'string') return reply(ctx, 401, invalid);
  const user = db.prepare('SELECT id, password_hash FROM users WHERE email = ?').get(email);
  if (!user || !(await bcrypt.compare(password, user.password_hash))) {
    return reply(ctx, 401, invalid);
  }
  const token = jwt.sign({ sub: String(user.id), email }, SECRET, { expiresIn: '1h' });
  return reply(ctx, 200, { token, message: 'Login successful' });
});

app.use(async (ctx, next) => {
  try {
    await next();
  } catch (e) {
    reply(ctx, e.status && e.status < 500 ? e.status : 400, { message: 'Invalid request' });
  }
});
app.use(bodyParser());
app.use(router.routes()).use(router.allowedMethods());
app.listen(5000, '0.0.0.0');
