const fastify = require('fastify')({ ajv: { customOptions: { coerceTypes: false } } });
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

function page(reply, status, title, body) {
  return reply.code(status).type('text/html; charset=utf-8').send(`<!DOCTYPE html><html><head>
<meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body>${body}</body></html>`);
}

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

const stringBody = (names) => ({
  body: {
    type: 'object',
    required: names,
    properties: Object.fromEntries(names.map((n) => [n, { type: 'string' }])),
  },
});

fastify.get('/entries', async (request, reply) => {
  const items = q.all.all().map((r) => `<li><a href="/entries/${r.id}">${escapeHtml(r.title)}</a></li>`);
  return page(reply, 200, 'Wiki entries', `<h1>Wiki entries</h1><ul>${items.join('')}</ul>`);
});

fastify.post('/entries', { schema: stringBody(['title', 'content', 'createdBy']) }, async (request, reply) => {
  const { title, content, createdBy } = request.body;
  const info = q.insert.run(title, content, createdBy, createdBy, new Date().toISOString());
  return reply.code(201).send(asEntry(q.entry.get(info.lastInsertRowid)));
});

fastify.get('/entries/:id', async (request, reply) => {
  const row = findEntry(request.params.id);
  if (!row) return page(reply, 404, 'Not found', '<h1>Entry not found</h1>');
  const people = [...new Set([row.created_by, ...q.edits.all(row.id).map((e) => e.modified_by)])];
  return page(reply, 200, row.title, `<h1>${escapeHtml(row.title)}</h1>
<div class="content">${escapeHtml(row.content)}</div>
<p>Last edited ${escapeHtml(row.last_modified_at)} by ${escapeHtml(row.last_modified_by)}</p>
<h2>Contributors</h2><ul>${people.map((p) => `<li>${escapeHtml(p)}</li>`).join('')}</ul>
<p><a href="/entries/${row.id}/edits">History</a></p>`);
});

fastify.put('/entries/:id', {
  schema: stringBody(['content', 'modifiedBy', 'summary']),
  // An unknown entry is a 404 even when the body is invalid.
  preValidation: async (request, reply) => {
    if (!findEntry(request.params.id)) return reply.code(404).send({ error: 'Entry not found' });
    return undefined;
  },
}, async (request) => {
  const row = findEntry(request.params.id);
  const { content, modifiedBy, summary } = request.body;
  const stamp = new Date().toISOString();
  db.transaction(() => {
    q.addEdit.run(row.id, row.content, content, modifiedBy, summary, stamp);
    q.update.run(content, modifiedBy, stamp, row.id);
  })();
  return asEntry(q.entry.get(row.id));
});

fastify.get('/entries/:id/edits', async (request, reply) => {
  const row = findEntry(request.params.id);
  if (!row) return page(reply, 404, 'Not found', '<h1>Entry not found</h1>');
  const items = q.edits.all(row.id).map((e) => `<li><p><b>${escapeHtml(e.summary)}</b> by
${escapeHtml(e.modified_by)} at ${escapeHtml(e.modified_at)}</p>
<pre>${escapeHtml(diffLines(e.old_content, e.new_content))}</pre></li>`);
  return page(reply, 200, `History of ${row.title}`,
    `<h1>History of ${escapeHtml(row.title)}</h1><ol>${items.join('')}</ol>`);
});

fastify.setErrorHandler((error, request, reply) => {
  reply.code(400).send({ error: 'Invalid request' });
});

fastify.listen({ port: 5000, host: '0.0.0.0' }).catch((err) => {
  console.error(err);
  process.exit(1);
});
