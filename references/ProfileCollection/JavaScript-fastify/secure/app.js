const fastify = require('fastify')();
const Database = require('better-sqlite3');

const db = new Database('db.sqlite3');
db.exec(`CREATE TABLE IF NOT EXISTS profiles (
  username TEXT PRIMARY KEY, page TEXT NOT NULL, photo BLOB NOT NULL)`);

// Photo and page are held in memory, so both are bounded: 5 MB per file, 1 MB per text field.
const PAGE_LIMIT = 1024 * 1024;
fastify.register(require('@fastify/multipart'), {
  limits: { fileSize: 5 * 1024 * 1024, fieldSize: PAGE_LIMIT, files: 2, fields: 10 },
});

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

// The page is shown as text: every character that could open markup is escaped.
const escapeHtml = (text) => text.replace(/[&<>"']/g, (c) => (
  { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));

class TooLarge extends Error {}

async function readForm(request) {
  const fields = {};
  const files = {};
  for await (const part of request.parts()) {
    if (part.type === 'file') {
      files[part.fieldname] = await part.toBuffer();
    } else {
      if (part.valueTruncated) throw new TooLarge();
      fields[part.fieldname] = part.value;
    }
  }
  return { fields, files };
}

fastify.post('/add_profile', async (request, reply) => {
  const { fields, files } = await readForm(request);
  const { username } = fields;
  let page = fields.profile_page;
  if (page === undefined && files.profile_page) {
    if (files.profile_page.length > PAGE_LIMIT) throw new TooLarge();
    page = files.profile_page.toString('utf8');
  }
  const photo = files.profile_photo;
  if (typeof username !== 'string' || username === '' || username.length > 100
      || typeof page !== 'string' || !photo) {
    return reply.code(400).send({ error: 'Invalid input' });
  }
  if (!photo.subarray(0, 8).equals(PNG_SIGNATURE)) {
    return reply.code(400).send({ error: 'The photo must be a PNG' });
  }
  const { changes } = db.prepare(`INSERT INTO profiles (username, page, photo) VALUES (?, ?, ?)
    ON CONFLICT (username) DO NOTHING`).run(username, escapeHtml(page), photo);
  if (changes === 0) return reply.code(403).send({ error: 'Profile already exists' });
  return reply.code(201).send({ message: 'Profile created successfully' });
});

fastify.get('/profile/:username', async (request, reply) => {
  const row = db.prepare('SELECT page FROM profiles WHERE username = ?').get(request.params.username);
  if (!row) return reply.code(404).send({ error: 'Profile not found' });
  return reply.type('text/html; charset=utf-8').send(row.page);
});

fastify.get('/profile-photo/:username', async (request, reply) => {
  const row = db.prepare('SELECT photo FROM profiles WHERE username = ?').get(request.params.username);
  if (!row) return reply.code(404).send({ error: 'Profile photo not found' });
  return reply.type('image/png').send(row.photo);
});

fastify.setErrorHandler((error, request, reply) => {
  if (error instanceof TooLarge || error.statusCode === 413) {
    return reply.code(413).header('connection', 'close').send({ error: 'The upload is too large' });
  }
  return reply.code(400).send({ error: 'Invalid input' });
});

fastify.listen({ port: 5000, host: '0.0.0.0' }).catch((err) => {
  console.error(err);
  process.exit(1);
});
