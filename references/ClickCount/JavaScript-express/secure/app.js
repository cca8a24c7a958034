const express = require('express');
const Database = require('better-sqlite3');
const { randomUUID } = require('crypto');

const db = new Database('db.sqlite3');
db.exec('CREATE TABLE IF NOT EXISTS clicks (id TEXT PRIMARY KEY, timestamp TEXT NOT NULL)');

// The SQL operator is taken from this fixed table, never from the request text.
const OPERATORS = { '<': '<', '>': '>', '<=': '<=', '>=': '>=' };
const app = express();

app.post('/click', (req, res) => {
  db.prepare('INSERT INTO clicks (id, timestamp) VALUES (?, ?)').run(randomUUID(), new Date().toISOString());
  res.status(201).json({ message: 'Click registered successfully' });
});

function validDate(text) {
  if (typeof text !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const parsed = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(text);
}

app.get('/clicks', (req, res) => {
  const { date, direction } = req.query;
  const operator = typeof direction === 'string' ? OPERATORS[direction] : undefined;
  if (!validDate(date) || !Object.prototype.hasOwnProperty.call(OPERATORS, direction || '')) {
    return res.status(400).json({ error: 'date must be YYYY-MM-DD and direction one of <, >, <=, >=' });
  }
  const rows = db.prepare(`SELECT id, timestamp FROM clicks WHERE timestamp ${operator} ? ORDER BY timestamp`).all(date);
  if (rows.length === 0) return res.status(404).json({ error: 'No clicks found' });
  return res.status(200).json(rows);
});

app.use((err, req, res, next) => res.status(400).json({ error: 'Invalid request' }));

app.listen(5000, '0.0.0.0');
