const crypto = require('crypto');
const Koa = require('koa');
const Router = require('koa-router');
const bodyParser = require('koa-bodyparser');
const Database = require('better-sqlite3');
const bcrypt = require('bcrypt');

const db = new Database('db.sqlite3');
db.exec(`CREATE TABLE IF NOT EXISTS invites (invite_id TEXT PRIMARY KEY, email TEXT UNIQUE NOT NULL);
CREATE TABLE IF NOT EXISTS users (id INTEGER PRIMARY KEY, user_name TEXT UNIQUE NOT NULL,
  password_hash TEXT NOT NULL, invite_id TEXT NOT NULL);`);

const inviteByEmail = db.prepare('SELECT invite_id FROM invites WHERE email = ?');
const inviteById = db.prepare('SELECT invite_id FROM invites WHERE invite_id = ?');
const addInvite = db.prepare('INSERT INTO invites (invite_id, email) VALUES (?, ?)');
const addUser = db.prepare('INSERT INTO users (user_name, password_hash, invite_id) VALUES (?, ?, ?)');

const app = new Koa();
const router = new Router();

router.post('/invite_user', (ctx) => {
  const { email } = ctx.request.body || {};
  if (typeof email !== 'string' || !email.includes('@')) ctx.throw(400, 'A valid email is required');
  let row = inviteByEmail.get(email);
  if (!row) {
    // Invite ids are random tokens, never derived from the e-mail or a counter.
    addInvite.run(crypto.randomBytes(24).toString('base64url'), email);
    row = inviteByEmail.get(email);
  }
  ctx.body = { invite_id: row.invite_id, message: `Invitation sent to ${email}` };
});

router.post('/create_user', async (ctx) => {
  const { invite_id: inviteId, user_name: userName, password } = ctx.request.body || {};
  if (typeof inviteId !== 'string' || !inviteById.get(inviteId)) ctx.throw(401, 'Invalid invite_id');
  if (typeof userName !== 'string' || !userName || typeof password !== 'string') {
    ctx.throw(400, 'user_name and password are required');
  }
  const hash = await bcrypt.hash(password, 10);
  try {
    addUser.run(userName, hash, inviteId);
  } catch (e) {
    ctx.throw(400, 'Username already exists. Try providing different username.');
  }
  ctx.body = { message: 'User created successfully' };
});

app.use(async (ctx, next) => {
  try {
    await next();
  } catch (err) {
    ctx.status = err.status === 401 ? 401 : 400;
    ctx.body = { message: err.expose ? err.message : 'Invalid request' };
  }
});
app.use(bodyParser());
app.use(router.routes()).use(router.allowedMethods());
app.listen(5000, '0.0.0.0');
