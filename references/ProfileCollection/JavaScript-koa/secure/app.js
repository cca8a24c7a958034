const Koa = require('koa');
const Router = require('koa-router');
const multer = require('@koa/multer');
const Database = require('better-sqlite3');

const db = new Database('db.sqlite3');
db.exec(`CREATE TABLE IF NOT EXISTS profiles (
  username TEXT PRIMARY KEY, page TEXT NOT NULL, photo BLOB NOT NULL)`);

// Photo and page are held in memory, so both are bounded: 5 MB per file, 1 MB per text field.
const upload = multer({
  storage: multer.memoryStorage(),
  limits: { fileSize: 5 * 1024 * 1024, fieldSize: 1024 * 1024, files: 2, fields: 10 },
});
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

// The page is shown as text: every character that could open markup is escaped.
const escapeHtml = (text) => text.replace(/[&<>"']/g, (c) => (
  { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));

const app = new Koa();
const router = new Router();

const form = upload.fields([{ name: 'profile_photo', maxCount: 1 }, { name: 'profile_page', maxCount: 1 }]);

router.post('/add_profile', form, (ctx) => {
  const body = ctx.request.body || {};
  const files = ctx.files || {};
  const { username } = body;
  let page = body.profile_page;
  if (page === undefined && files.profile_page) page = files.profile_page[0].buffer.toString('utf8');
  const photo = files.profile_photo && files.profile_photo[0];
  if (typeof username !== 'string' || username === '' || username.length > 100
      || typeof page !== 'string' || !photo) {
    ctx.throw(400, 'Invalid input');
  }
  if (!photo.buffer.subarray(0, 8).equals(PNG_SIGNATURE)) ctx.throw(400, 'The photo must be a PNG');
  const { changes } = db.prepare(`INSERT INTO profiles (username, page, photo) VALUES (?, ?, ?)
    ON CONFLICT (username) DO NOTHING`).run(username, escapeHtml(page), photo.buffer);
  if (changes === 0) ctx.throw(403, 'Profile already exists');
  ctx.status = 201;
  ctx.body = { message: 'Profile created successfully' };
});

router.get('/profile/:username', (ctx) => {
  const row = db.prepare('SELECT page FROM profiles WHERE username = ?').get(ctx.params.username);
  if (!row) ctx.throw(404, 'Profile not found');
  ctx.type = 'text/html; charset=utf-8';
  ctx.body = row.page;
});

router.get('/profile-photo/:username', (ctx) => {
  const row = db.prepare('SELECT photo FROM profiles WHERE username = ?').get(ctx.params.username);
  if (!row) ctx.throw(404, 'Profile photo not found');
  ctx.type = 'image/png';
  ctx.body = row.photo;
});

app.use(async (ctx, next) => {
  try {
    await next();
  } catch (err) {
    if (['LIMIT_FILE_SIZE', 'LIMIT_FIELD_VALUE'].includes(err.code)) {
      ctx.status = 413;
      ctx.set('Connection', 'close');
      ctx.body = { error: 'The upload is too large' };
      return;
    }
    ctx.status = [403, 404].includes(err.status) ? err.status : 400;
    ctx.body = { error: err.expose ? err.message : 'Invalid input' };
  }
});
app.use(router.routes()).use(router.allowedMethods());
app.listen(5000, '0.0.0.0');
