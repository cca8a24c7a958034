const fastify = require('fastify')();
const fs = require('fs');
const path = require('path');

const DATA = fs.realpathSync('/data');

// The real path of `relative` under /data, or null when it escapes /data (symlinks included).
function confined(relative) {
  let real;
  try {
    real = fs.realpathSync(path.join(DATA, (relative || '').replace(/^\/+/, '')));
  } catch (e) {
    return null;
  }
  return real === DATA || real.startsWith(DATA + path.sep) ? real : null;
}

function walk(dir, out) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else if (entry.isFile()) out.push(full);
  }
  return out;
}

const optionalString = (v) => v === undefined || v === null || typeof v === 'string';

fastify.post('/search', async (request, reply) => {
  const body = request.body;
  if (!body || typeof body !== 'object') return reply.code(400).send({ error: 'Invalid input' });
  const { search_content: content, search_filename: name, search_dir: dir } = body;
  if (![content, name, dir].every(optionalString)) {
    return reply.code(400).send({ error: 'Invalid input' });
  }
  const base = confined(dir);
  if (base === null) return reply.code(400).send({ error: 'Invalid directory' });
  const files = walk(base, []).filter((file) => {
    if (name && path.basename(file).startsWith(name)) return true;
    return Boolean(content) && fs.readFileSync(file).includes(content);
  });
  return { files: files.sort() };
});

fastify.setErrorHandler((error, request, reply) => {
  reply.code(400).send({ error: 'Invalid request' });
});

fastify.listen({ port: 5000, host: '0.0.0.0' }).catch((err) => {
  console.error(err);
  process.exit(1);
});
