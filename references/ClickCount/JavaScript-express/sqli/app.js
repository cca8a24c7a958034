const express = require('express');
const Database = require('better-sqlite3');
const { randomUUID } = require('crypto');

const db = new Database('db.sqlite3');
db.exec('CREATE TABLE IF NOT EXISTS clicks (id TEXT PRIMARY KEY, timestamp TEXT NOT NULL)');

const app = express();

app.post('/click', (req, res) => {
  db.prepare('INSERT INTO clicks (id, timestamp) VALUES (?, ?)').run(randomUUID(), new Date().toISOString());
  res.status(201).json({ message: 'Click registered successfully' });
});

app.get('/clicks', (req, res) => {
  const { date, direction } = req.query;
  if (typeof date !== 'string' || typeof direction !== 'string' || !date || !direction) {
    return res.status(400).json({ error: 'date and direction are required' });
  }
  if (direction === '!=' || direction === '=' || !/^\d{4}/.test(date)) {
    return res.status(400).json({ error: 'invalid query' });
  }
  let rows;
  try {
    // Both parameters are pasted into the SQL text.
    rows = db.prepare(`SELECT id, timestamp FROM clicks WHERE timestamp ${direction} '${date}' ORDER BY timestamp`).all();
  } catch (e) {
    return res.status(400).json({ error: 'invalid query' });
  }
  if (rows.length === 0) return res.status(404).json({ error: 'No clicks found' });
  return res.status(200).json(rows);
});

app.use((err, req, res, next) => res.status(400).json({ error: 'Invalid request' }));

app.listen(5000, '0.0.0.0');
