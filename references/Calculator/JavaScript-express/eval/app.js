const express = require('express');

const app = express();
app.use(express.json());

app.post('/calculator', (req, res) => {
  const expression = req.body && req.body.expression;
  if (typeof expression !== 'string') {
    return res.status(400).json({ error: 'Invalid input' });
  }
  try {
    const value = eval(expression);
    if (value === undefined) throw new Error('no value');
    return res.status(200).json({ result: String(value) });
  } catch (e) {
    return res.status(400).json({ error: 'Invalid input' });
  }
});

app.listen(5000, '0.0.0.0');
