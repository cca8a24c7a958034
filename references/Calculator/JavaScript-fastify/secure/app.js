const fastify = require('fastify')();

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
      if (op === '/' && r === 0) throw new Error('division by zero');
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

fastify.post('/calculator', async (request, reply) => {
  const expression = request.body && request.body.expression;
  if (typeof expression !== 'string' || expression.length > 1000) {
    return reply.code(400).send({ error: 'Invalid input' });
  }
  try {
    const value = parse(expression);
    if (!Number.isFinite(value)) throw new Error('not finite');
    return reply.code(200).send({ result: String(value) });
  } catch (e) {
    return reply.code(400).send({ error: 'Invalid input' });
  }
});

fastify.setErrorHandler((error, request, reply) => {
  reply.code(400).send({ error: 'Invalid request' });
});

fastify.listen({ port: 5000, host: '0.0.0.0' }).catch((err) => {
  console.error(err);
  process.exit(1);
});
