const Koa = require('koa');
const Router = require('koa-router');
const bodyParser = require('koa-bodyparser');
const Database = require('better-sqlite3');

const db = new Database('db.sqlite3');
db.exec(`CREATE TABLE IF NOT EXISTS entries (id INTEGER PRIMARY KEY, title TEXT NOT NULL,
  content TEXT NOT NULL, created_by TEXT NOT NULL, last_modified_by TEXT NOT NULL,
  last_modified_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS edits (id INTEGER PRIMARY KEY, entry_id INTEGER NOT NULL,
  old_content TEXT NOT NULL, new_content TEXT NOT NULL, modified_by TEXT NOT NULL,
  summary TEXT NOT NULL, modified_at TEXT NOT NULL);`);

const q = {
  entry: db.prepare('SELECT * FROM entries WHERE id = ?'),
  all: db.prepare('SELECT id, title FROM entries ORDER BY id'),
  insert: db.prepare(`INSERT INTO entries (title, content, created_by, last_modified_by,
    last_modified_at) VALUES (?, ?, ?, ?, ?)`),
  update: db.prepare('UPDATE entries SET content = ?, last_modified_by = ?, last_modified_at = ? WHERE id = ?'),
  addEdit: db.prepare(`INSERT INTO edits (entry_id, old_content, new_content, modified_by,
    summary, modified_at) VALUES (?, ?, ?, ?, ?, ?)`),
  edits: db.prepare('SELECT * FROM edits WHERE entry_id = ? ORDER BY id'),
};

const escapeHtml = (s) => String(s).replace(/[&<>"']/g, (c) => (
  { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));

const asEntry = (r) => ({
  id: String(r.id),
  title: r.title,
  content: r.content,
  lastModifiedBy: r.last_modified_by,
  lastModifiedAt: r.last_modified_at,
});

const findEntry = (id) => (/^\d+$/.test(id) ? q.entry.get(Number(id)) : undefined);

function page(ctx, status, title, body) {
  ctx.status = status;
  ctx.type = 'text/html; charset=utf-8';
  ctx.body = `<!DOCTYPE html><html><head>
<meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body>${body}</body></html>`;
}

const allStrings = (body, names) => body !== null && typeof body === 'object'
  && names.every((n) => typeof body[n] === 'string');

// Line diff from the longest common subsequence: '  ' kept, '- ' removed, '+ ' added.
function diffLines(before, after) {
  const a = before.split('\n');
  const b = after.split('\n');
  const lcs = Array.from({ length: a.length + 1 }, () => new Array(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i -= 1) {
    for (let j = b.length - 1; j >= 0; j -= 1) {
      lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const out = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      out.push(`  ${a[i]}`);
      i += 1;
      j += 1;
    } else if (j < b.length && (i === a.length || lcs[i][j + 1] >= lcs[i + 1][j])) {
      out.push(`+ ${b[j]}`);
      j += 1;
    } else {
      out.push(`- ${a[i]}`);
      i += 1;
    }
  }
  return out.join('\n');
}

const app = new Koa();
const router = new Router();

router.get('/entries', (ctx) => {
  const items = q.all.all().map((r) => `<li><a href="/entries/${r.id}">${escapeHtml(r.title)}</a></li>`);
  page(ctx, 200, 'Wiki entries', `<h1>Wiki entries</h1><ul>${items.join('')}</ul>`);
});

router.post('/entries', (ctx) => {
  const { body } = ctx.request;
  if (!allStrings(body, ['title', 'content', 'createdBy'])) {
    ctx.throw(400, 'title, content and createdBy are required strings');
  }
  const info = q.insert.run(body.title, body.content, body.createdBy, body.createdBy, new Date().toISOString());
  ctx.status = 201;
  ctx.body = asEntry(q.entry.get(info.lastInsertRowid));
});

router.get('/entries/:id', (ctx) => {
  const row = findEntry(ctx.params.id);
  if (!row) {
    page(ctx, 404, 'Not found', '<h1>Entry not found</h1>');
    return;
  }
  const people = [...new Set([row.created_by, ...q.edits.all(row.id).map((e) => e.modified_by)])];
  page(ctx, 200, row.title, `<h1>${escapeHtml(row.title)}</h1>
<div class="content">${escapeHtml(row.content)}</div>
<p>Last edited ${escapeHtml(row.last_modified_at)} by ${escapeHtml(row.last_modified_by)}</p>
<h2>Contributors</h2><ul>${people.map((p) => `<li>${escapeHtml(p)}</li>`).join('')}</ul>
<p><a href="/entries/${row.id}/edits">History</a></p>`);
});

router.put('/entries/:id', (ctx) => {
  const row = findEntry(ctx.params.id);
  if (!row) ctx.throw(404, 'Entry not found');
  const { body } = ctx.request;
  if (!allStrings(body, ['content', 'modifiedBy', 'summary'])) {
    ctx.throw(400, 'content, modifiedBy and summary are required strings');
  }
  const stamp = new Date().toISOString();
  db.transaction(() => {
    q.addEdit.run(row.id, row.content, body.content, body.modifiedBy, body.summary, stamp);
    q.update.run(body.content, body.modifiedBy, stamp, row.id);
  })();
  ctx.body = asEntry(q.entry.get(row.id));
});

router.get('/entries/:id/edits', (ctx) => {
  const row = findEntry(ctx.params.id);
  if (!row) {
    page(ctx, 404, 'Not found', '<h1>Entry not found</h1>');
    return;
  }
  const items = q.edits.all(row.id).map((e) => `<li><p><b>${escapeHtml(e.summary)}</b> by
${escapeHtml(e.modified_by)} at ${escapeHtml(e.modified_at)}</p>
<pre>${escapeHtml(diffLines(e.old_content, e.new_content))}</pre></li>`);
  page(ctx, 200, `History of ${row.title}`,
    `<h1>History of ${escapeHtml(row.title)}</h1><ol>${items.join('')}</ol>`);
});

app.use(async (ctx, next) => {
  try {
    await next();
  } catch (err) {
    ctx.status = err.status === 404 ? 404 : 400;
    ctx.body = { error: err.expose ? err.message : 'Invalid request' };
  }
});
app.use(bodyParser());
app.use(router.routes()).use(router.allowedMethods());
app.listen(5000, '0.0.0.0');
