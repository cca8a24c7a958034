const crypto = require('crypto');
const fastify = require('fastify')();
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

fastify.post('/invite_user', async (request, reply) => {
  const { email } = request.body || {};
  if (typeof email !== 'string' || !email.includes('@')) {
    return reply.code(400).send({ message: 'A valid email is required' });
  }
  let row = inviteByEmail.get(email);
  if (!row) {
    // Invite ids are random tokens, never derived from the e-mail or a counter.
    addInvite.run(crypto.randomBytes(24).toString('base64url'), email);
    row = inviteByEmail.get(email);
  }
  return { invite_id: row.invite_id, message: `Invitation sent to ${email}` };
});

fastify.post('/create_user', async (request, reply) => {
  const { invite_id: inviteId, user_name: userName, password } = request.body || {};
  if (typeof inviteId !== 'string' || !inviteById.get(inviteId)) {
    return reply.code(401).send({ message: 'Invalid invite_id' });
  }
  if (typeof userName !== 'string' || !userName || typeof password !== 'string') {
    return reply.code(400).send({ message: 'user_name and password are required' });
  }
  const hash = await bcrypt.hash(password, 10);
  try {
    addUser.run(userName, hash, inviteId);
  } catch (e) {
    return reply.code(400).send({ message: 'Username already exists. Try providing different username.' });
  }
  return { message: 'User created successfully' };
});

fastify.setErrorHandler((error, request, reply) => {
  reply.code(400).send({ message: 'Invalid request' });
});

fastify.listen({ port: 5000, host: '0.0.0.0' }).catch((err) => {
  console.error(err);
  process.exit(1);
});
