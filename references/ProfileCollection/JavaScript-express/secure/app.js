const express = require('express');
const multer = require('multer');
const Database = require('better-sqlite3');

const db = new Database('db.sqlite3');
db.exec(`CREATE TABLE IF NOT EXISTS profiles (
  username TEXT PRIMARY KEY, page TEXT NOT NULL, photo BLOB NOT NULL)`);

const app = express();
// Photo and page are held in memory, so both are bounded: 5 MB per file, 1 MB per text field.
const upload = multer({
  storage: multer.memoryStorage(),
  limits: { fileSize: 5 * 1024 * 1024, fieldSize: 1024 * 1024, files: 2, fields: 10 },
});
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

// The page is shown as text: every character that could open markup is escaped.
function escapeHtml(text) {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const fields = upload.fields([{ name: 'profile_photo', maxCount: 1 },
  { name: 'profile_page', maxCount: 1 }]);

app.post('/add_profile', (req, res) => {
  fields(req, res, (err) => {
    if (err) {
      const tooLarge = ['LIMIT_FILE_SIZE', 'LIMIT_FIELD_VALUE'].includes(err.code);
      return res.status(tooLarge ? 413 : 400).json({ error: tooLarge ? 'The upload is too large' : 'Invalid input' });
    }
    const body = req.body || {};
    const files = req.files || {};
    const username = body.username;
    let page = body.profile_page;
    if (page === undefined && files.profile_page) page = files.profile_page[0].buffer.toString('utf8');
    const photo = files.profile_photo && files.profile_photo[0];
    if (typeof username !== 'string' || username === '' || username.length > 100
        || typeof page !== 'string' || !photo) {
      return res.status(400).json({ error: 'Invalid input' });
    }
    if (!photo.buffer.subarray(0, 8).equals(PNG_SIGNATURE)) {
      return res.status(400).json({ error: 'The photo must be a PNG' });
    }
    try {
      db.prepare('INSERT INTO profiles (username, page, photo) VALUES (?, ?, ?)')
        .run(username, escapeHtml(page), photo.buffer);
    } catch (e) {
      if (String(e.code).startsWith('SQLITE_CONSTRAINT')) {
        return res.status(403).json({ error: 'Profile already exists' });
      }
      return res.status(400).json({ error: 'Invalid input' });
    }
    return res.status(201).json({ message: 'Profile created successfully' });
  });
});

app.get('/profile/:username', (req, res) => {
  const row = db.prepare('SELECT page FROM profiles WHERE username = ?').get(req.params.username);
  if (!row) return res.status(404).json({ error: 'Profile not found' });
  return res.status(200).type('text/html').send(row.page);
});

app.get('/profile-photo/:username', (req, res) => {
  const row = db.prepare('SELECT photo FROM profiles WHERE username = ?').get(req.params.username);
  if (!row) return res.status(404).json({ error: 'Profile photo not found' });
  return res.status(200).type('image/png').send(row.photo);
});

app.listen(5000, '0.0.0.0');
