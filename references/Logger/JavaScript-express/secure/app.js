const express = require('express');
const fs = require('fs');

const LOG_FILE = 'logs.txt';
const app = express();
app.use(express.json());

// One message, one line: escape backslashes and every control character.
function neutralize(message) {
  return message.replace(/\\/g, '\\\\').replace(/[\x00-\x1f\x7f\x85\u2028\u2029]/g, (ch) => {
    if (ch === '\n') return '\\n';
    if (ch === '\r') return '\\r';
    return '\\u' + ch.charCodeAt(0).toString(16).padStart(4, '0');
  });
}

app.post('/log', (req, res) => {
  const message = req.body && req.body.message;
  if (typeof message !== 'string') {
    return res.status(400).json({ error: 'a string message is required' });
  }
  fs.appendFileSync(LOG_FILE, neutralize(message) + '\n', 'utf8');
  return res.status(200).json({ status: 'logged' });
});

app.get('/logs', (req, res) => {
  let text = '';
  try {
    text = fs.readFileSync(LOG_FILE, 'utf8');
  } catch (e) {
    text = '';
  }
  res.status(200).type('text/plain').send(text);
});

app.listen(5000, '0.0.0.0');
