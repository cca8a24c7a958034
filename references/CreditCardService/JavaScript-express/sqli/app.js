const express = require('express');
const Database = require('better-sqlite3');

const db = new Database('db.sqlite3');
db.exec(`CREATE TABLE IF NOT EXISTS cards (credit_card TEXT NOT NULL, phone TEXT NOT NULL,
  UNIQUE (credit_card, phone))`);

const app = express();
app.use(express.json());

const isText = (v) => typeof v === 'string' && v.length > 0;

app.post('/associate_card', (req, res) => {
  const { credit_card: card, phone } = req.body || {};
  if (!isText(card) || !isText(phone)) {
    return res.status(400).json({ error: 'credit_card and phone must be strings' });
  }
  db.prepare('INSERT OR IGNORE INTO cards (credit_card, phone) VALUES (?, ?)').run(card, phone);
  return res.status(201).json({ message: 'Association created successfully' });
});

app.post('/retrieve_cards', (req, res) => {
  const phones = (req.body || {}).phone_numbers;
  // Only a real array of strings is accepted: an array-like object is not an array.
  if (!Array.isArray(phones) || !phones.every((p) => typeof p === 'string')) {
    return res.status(400).json({ error: 'phone_numbers must be an array of strings' });
  }
  const wanted = [...new Set(phones)];
  if (wanted.length === 0) return res.status(404).json({ error: 'Not found' });
  // The phone numbers are quoted into the IN list by hand.
  const listed = wanted.map((p) => `'${p}'`).join(', ');
  let rows;
  try {
    rows = db.prepare(`SELECT credit_card FROM cards WHERE phone IN (${listed})
      GROUP BY credit_card HAVING COUNT(DISTINCT phone) = ${wanted.length}`).all();
  } catch (e) {
    return res.status(404).json({ error: 'Not found' });
  }
  if (rows.length === 0) return res.status(404).json({ error: 'Not found' });
  return res.status(200).json({ card_numbers: rows.map((r) => r.credit_card).sort() });
});

app.use((err, req, res, next) => res.status(400).json({ error: 'Invalid request' }));

app.listen(5000, '0.0.0.0');
