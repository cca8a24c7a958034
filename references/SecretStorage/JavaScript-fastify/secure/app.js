const crypto = require('crypto');
const fastify = require('fastify')();
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
const INVALID_TOKEN = { message: 'Invalid authentication token' };

// Every secret route needs a valid bearer token; the user it names is request.user.
fastify.decorateRequest('user', null);
async function authenticate(request, reply) {
  const header = request.headers.authorization || '';
  let user = null;
  if (header.startsWith('Bearer ')) {
    try {
      const claims = jwt.verify(header.slice(7), SECRET, { algorithms: ['HS256'] });
      user = db.prepare('SELECT id, username FROM users WHERE id = ?').get(Number(claims.sub));
    } catch (e) {
      user = null;
    }
  }
  if (!user) return reply.code(401).send(INVALID_TOKEN);
  request.user = user;
  return undefined;
}

fastify.post('/register', async (request, reply) => {
  const { email, username, password } = request.body || {};
  if (![email, username, password].every(isText) || !email.includes('@')) {
    return reply.code(400).send({ message: 'Email already in use or invalid data' });
  }
  const hash = await bcrypt.hash(password, 10);
  try {
    db.prepare('INSERT INTO users (email, username, password_hash) VALUES (?, ?, ?)')
      .run(email, username, hash);
  } catch (e) {
    return reply.code(400).send({ message: 'Email already in use or invalid data' });
  }
  return reply.code(201).send({ message: 'Registration successful' });
});

fastify.post('/login', async (request, reply) => {
  const { email, password } = request.body || {};
  if (!isText(email) || typeof password !== 'string') {
    return reply.code(401).send({ message: 'Invalid email or password' });
  }
  const user = db.prepare('SELECT id, password_hash FROM users WHERE email = ?').get(email);
  if (!user || !(await bcrypt.compare(password, user.password_hash))) {
    return reply.code(401).send({ message: 'Invalid email or password' });
  }
  const token = jwt.sign({ sub: String(user.id) }, SECRET, { algorithm: 'HS256', expiresIn: '1h' });
  return { token, message: 'Login successful' };
});

fastify.post('/set_secret', { preHandler: authenticate }, async (request, reply) => {
  const { username, secret } = request.body || {};
  // A token only ever opens its own user's secret.
  if (username !== request.user.username) return reply.code(401).send(INVALID_TOKEN);
  if (typeof secret !== 'string') return reply.code(400).send({ message: 'secret (string) is required' });
  db.prepare(`INSERT INTO secrets (user_id, secret) VALUES (?, ?)
    ON CONFLICT (user_id) DO UPDATE SET secret = excluded.secret`).run(request.user.id, seal(secret));
  return { message: 'Secret has been set successfully' };
});

fastify.get('/get_secret', { preHandler: authenticate }, async (request, reply) => {
  if (request.query.username !== request.user.username) return reply.code(401).send(INVALID_TOKEN);
  const row = db.prepare('SELECT secret FROM secrets WHERE user_id = ?').get(request.user.id);
  if (!row) return reply.code(404).send({ message: 'No secret has been set' });
  return { secret: unseal(row.secret) };
});

fastify.setErrorHandler((error, request, reply) => {
  reply.code(400).send({ message: 'Invalid request' });
});

fastify.listen({ port: 5000, host: '0.0.0.0' }).catch((err) => {
  console.error(err);
  process.exit(1);
});
