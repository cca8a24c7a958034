const fastify = require('fastify')();
const Database = require('better-sqlite3');
const bcrypt = require('bcrypt');
const jwt = require('jsonwebtoken');

const SECRET = process.env.APP_SECRET || 'dev-secret';
const db = new Database('db.sqlite3');
db.exec(`CREATE TABLE IF NOT EXISTS users (
  id INTEGER PRIMARY KEY, email TEXT UNIQUE NOT NULL,
  password_hash TEXT NOT NULL, name TEXT NOT NULL)`);

const isText = (v) => typeof v === 'string' && v.length > 0;
const INVALID_REGISTRATION = { message: 'Email already in use or invalid data' };
const INVALID_LOGIN = { message: 'Invalid email or password' };

fastify.post('/register', async (request, reply) => {
  const { email, password, name } = request.body || {};
  if (![email, password, name].every(isText) || !email.includes('@')) {
    return reply.code(400).send(INVALID_REGISTRATION);
  }
  const hash = await bcrypt.hash(password, 10);
  try {
    db.prepare('INSERT INTO users (email, password_hash, name) VALUES (?, ?, ?)')
      .run(email, hash, name);
  } catch (e) {
    return reply.code(400).send(INVALID_REGISTRATION);
  }
  return reply.code(201).send({ message: 'Registration successful' });
});

fastify.post('/login', async (request, reply) => {
  const { email, password } = request.body || {};
  if (!isText(email) || typeof password !== 'string') {
    return reply.code(401).send(INVALID_LOGIN);
  }
  const user = db.prepare('SELECT id, password_hash FROM users WHERE email = ?').get(email);
  if (!user || !(await bcrypt.compare(password, user.password_hash))) {
    return reply.code(401).send(INVALID_LOGIN);
  }
  const token = jwt.sign({ sub: String(user.id), email }, SECRET, { expiresIn: '1h' });
  return reply.code(200).send({ token, message: 'Login successful' });
});

fastify.setErrorHandler((error, request, reply) => {
  reply.code(error.statusCode && error.statusCode < 500 ? error.statusCode : 400)
    .send({ message: 'Invalid request' });
});

fastify.listen({ port: 5000, host: '0.0.0.0' }).catch((err) => {
  console.error(err);
  process.exit(1);
});
