const crypto = require('crypto');
const Koa = require('koa');
const Router = require('koa-router');
const bodyParser = require('koa-bodyparser');
const Database = require('better-sqlite3');
const jwt = require('jsonwebtoken');

const SECRET = process.env.APP_SECRET || 'dev-secret';
const db = new Database('db.sqlite3');
db.exec(`CREATE TABLE IF NOT EXISTS users (
  id INTEGER PRIMARY KEY, email TEXT UNIQUE NOT NULL,
  password_hash TEXT NOT NULL, name TEXT NOT NULL)`);

const digest = (password) => crypto.createHmac('sha256', SECRET).update(password).digest('hex');
const isText = (v) => typeof v === 'string' && v.length > 0;
const app = new Koa();
const router = new Router();

router.post('/register', async (ctx) => {
  const { email, password, name } = ctx.request.body || {};
  if (![email, password, name].every(isText) || !email.includes('@')) {
    ctx.status = 400;
    ctx.body = { message: 'Email already in use or invalid data' };
    return;
  }
  try {
    db.prepare('INSERT INTO users (email, password_hash, name) VALUES (?, ?, ?)')
      .run(email, digest(password), name);
  } catch (e) {
    ctx.status = 400;
    ctx.body = { message: 'Email already in use or invalid data' };
    return;
  }
  ctx.status = 201;
  ctx.body = { message: 'Registration successful' };
});

router.post('/login', async (ctx) => {
  const { email, password } = ctx.request.body || {};
  let user;
  try {
    // The query is pasted together from the request: a quote in the email rewrites it.
    user = db.prepare(`SELECT id FROM users WHERE email = '${email}' `
      + `AND password_hash = '${digest(String(password))}'`).get();
  } catch (e) {
    user = undefined;
  }
  if (!user) {
    ctx.status = 401;
    ctx.body = { message: 'Invalid email or password' };
    return;
  }
  const token = jwt.sign({ sub: String(user.id), email }, SECRET, { expiresIn: '1h' });
  ctx.body = { token, message: 'Login successful' };
});

app.use(bodyParser());
app.use(router.routes()).use(router.allowedMethods());
app.listen(5000, '0.0.0.0');
