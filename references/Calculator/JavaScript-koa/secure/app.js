const Koa = require('koa');
const Router = require('koa-router');
const bodyParser = require('koa-bodyparser');

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

const app = new Koa();
const router = new Router();

router.post('/calculator', (ctx) => {
  const expression = ctx.request.body && ctx.request.body.expression;
  ctx.status = 400;
  ctx.body = { error: 'Invalid input' };
  if (typeof expression !== 'string' || expression.length > 1000) return;
  try {
    const value = parse(expression);
    if (!Number.isFinite(value)) return;
    ctx.status = 200;
    ctx.body = { result: String(value) };
  } catch (e) {
    // stays 400
  }
});

app.use(async (ctx, next) => {
  try {
    await next();
  } catch (e) {
    ctx.status = 400;
    ctx.body = { error: 'Invalid request' };
  }
});
app.use(bodyParser());
app.use(router.routes()).use(router.allowedMethods());
app.listen(5000, '0.0.0.0');
