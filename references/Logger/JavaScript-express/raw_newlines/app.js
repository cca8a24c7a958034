const express = require('express');
const fs = require('fs');

const LOG_FILE = 'logs.txt';
const app = express();
app.use(express.json());

app.post('/log', (req, res) => {
  const message = req.body && req.body.message;
  if (typeof message !== 'string') {
    return res.status(400).json({ error: 'a string message is required' });
  }
  fs.appendFileSync(LOG_FILE, `${message}\n`, 'utf8');
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
