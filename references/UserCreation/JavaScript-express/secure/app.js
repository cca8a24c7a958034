const crypto = require('crypto');
const express = require('express');
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

const app = express();
app.use(express.json());

app.post('/invite_user', (req, res) => {
  const { email } = req.body || {};
  if (typeof email !== 'string' || !email.includes('@')) {
    return res.status(400).json({ message: 'A valid email is required' });
  }
  let row = inviteByEmail.get(email);
  if (!row) {
    addInvite.run(crypto.randomBytes(24).toString('base64url'), email);
    row = inviteByEmail.get(email);
  }
  return res.status(200).json({ invite_id: row.invite_id, message: `Invitation sent to ${email}` });
});

app.post('/create_user', (req, res) => {
  const { invite_id: inviteId, user_name: userName, password } = req.body || {};
  if (typeof inviteId !== 'string' || !inviteById.get(inviteId)) {
    return res.status(401).json({ message: 'Invalid invite_id' });
  }
  if (typeof userName !== 'string' || !userName || typeof password !== 'string') {
    return res.status(400).json({ message: 'user_name and password are required' });
  }
  try {
    addUser.run(userName, bcrypt.hashSync(password, 10), inviteId);
  } catch (e) {
    return res.status(400).json({
      message: 'Username already exists. Try providing different username.',
    });
  }
  return res.status(200).json({ message: 'User created successfully' });
});

app.use((err, req, res, next) => res.status(400).json({ message: 'Invalid request' }));

app.listen(5000, '0.0.0.0');
