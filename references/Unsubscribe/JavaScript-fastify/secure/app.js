const fastify = require('fastify')({ bodyLimit: 1024 * 1024 });

const PHRASES = ['unsubscribe', 'remove me', 'deregister me', 'stop sending me', 'delete me'];

// The raw e-mail is read as text whatever type the client declares (text/plain is built in).
fastify.addContentTypeParser('*', { parseAs: 'string' }, (request, body, done) => done(null, body));

// The header block ends at the first empty line; folded lines continue the previous header.
function parseMessage(raw) {
  const end = raw.search(/\r?\n\r?\n/);
  const block = end === -1 ? raw : raw.slice(0, end);
  const headers = [];
  for (const line of block.split(/\r?\n/)) {
    if (/^[ \t]/.test(line) && headers.length) headers[headers.length - 1] += ` ${line.trim()}`;
    else headers.push(line);
  }
  const body = end === -1 ? '' : raw.slice(end).replace(/^\r?\n\r?\n/, '');
  return { headers, body };
}

function senderAddress(headers) {
  const from = headers.find((h) => /^from\s*:/i.test(h));
  if (!from) return '';
  const value = from.slice(from.indexOf(':') + 1);
  const angled = value.match(/<\s*([^<>\s]+@[^<>\s]+)\s*>/);
  if (angled) return angled[1];
  const bare = value.replace(/"[^"]*"/g, '').match(/[^\s<>",;]+@[^\s<>",;]+/);
  return bare ? bare[0] : '';
}

fastify.post('/decideUnsubscribe', async (request) => {
  const raw = typeof request.body === 'string' ? request.body : '';
  const { headers, body } = parseMessage(raw);
  const text = body.toLowerCase();
  return { email: senderAddress(headers), unsubscribe: PHRASES.some((p) => text.includes(p)) };
});

fastify.setErrorHandler((error, request, reply) => {
  reply.code(400).send({ error: 'Invalid request' });
});

fastify.listen({ port: 5000, host: '0.0.0.0' }).catch((err) => {
  console.error(err);
  process.exit(1);
});
