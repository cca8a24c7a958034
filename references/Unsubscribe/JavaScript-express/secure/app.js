const express = require('express');

const PHRASES = ['unsubscribe', 'remove me', 'deregister me', 'stop sending me', 'delete me'];
const app = express();
app.use(express.text({ type: () => true, limit: '1mb' }));

// The header block ends at the first empty line; folded lines continue the previous header.
function parseHeaders(raw) {
  const end = raw.search(/\r?\n\r?\n/);
  const block = end === -1 ? raw : raw.slice(0, end);
  const headers = [];
  for (const line of block.split(/\r?\n/)) {
    if (/^[ \t]/.test(line) && headers.length) headers[headers.length - 1] += ' ' + line.trim();
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

app.post('/decideUnsubscribe', (req, res) => {
  const raw = typeof req.body === 'string' ? req.body : '';
  const { headers, body } = parseHeaders(raw);
  const text = body.toLowerCase();
  return res.status(200).json({
    email: senderAddress(headers),
    unsubscribe: PHRASES.some((p) => text.includes(p)),
  });
});

app.use((err, req, res, next) => res.status(400).json({ error: 'Invalid request' }));

app.listen(5000, '0.0.0.0');
