const express = require('express');

const app = express();
app.use(express.json());

// A recursive-descent parser for + - * / and parentheses: nothing is ever evaluated as code.
function parse(text) {
  const tokens = text.match(/\d+(?:\.\d+)?|[-+*/()]|\S/g) || [];
  let pos = 0;
  const peek = () => tokens[pos];
  const next = () => tokens[pos++];
  function primary() {
    const t = next();
    if (t === '(') {
      const v = sum();
      if (next() !== ')') throw new Error('missing )');
      return v;
    }
    if (t === '-') return -primary();
    if (t === '+') return primary();
    if (t !== undefined && /^\d/.test(t)) return parseFloat(t);
    throw new Error('unexpected token');
  }
  function product() {
    let v = primary();
    while (peek() === '*' || peek() === '/') {
      const op = next();
      const r = primary();
      v = op === '*' ? v * r : v / r;
    }
    return v;
  }
  function sum() {
    let v = product();
    while (peek() === '+' || peek() === '-') {
      v = next() === '+' ? v + product() : v - product();
    }
    return v;
  }
  const value = sum();
  if (pos !== tokens.length) throw new Error('trailing input');
  return value;
}

app.post('/calculator', (req, res) => {
  const expression = req.body && req.body.expression;
  if (typeof expression !== 'string' || expression.length > 1000) {
    return res.status(400).json({ error: 'Invalid input' });
  }
  let value;
  try {
    value = parse(expression);
  } catch (e) {
    return res.status(400).json({ error: 'Invalid input' });
  }
  // Reports a non-finite result outside the request's error handling: the throw is uncaught.
  setImmediate(() => {
    if (!Number.isFinite(value)) throw new Error('result is not finite');
    res.status(200).json({ result: String(value) });
  });
});

app.use((err, req, res, next) => res.status(400).json({ error: 'Invalid request' }));

app.listen(5000, '0.0.0.0');
