const fastify = require('fastify')({ ajv: { customOptions: { coerceTypes: false } } });
const fs = require('fs/promises');

const LOG_FILE = 'logs.txt';

// One message, one line: backslashes and every control or line-breaking character are escaped.
function neutralize(message) {
  return message.replace(/\\/g, '\\\\').replace(/[\x00-\x1f\x7f\x85\u2028\u2029]/g, (ch) => {
    if (ch === '\n') return '\\n';
    if (ch === '\r') return '\\r';
    return `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}

const schema = {
  body: { type: 'object', required: ['message'], properties: { message: { type: 'string' } } },
};

fastify.post('/log', { schema }, async (request) => {
  await fs.appendFile(LOG_FILE, `${neutralize(request.body.message)}\n`, 'utf8');
  return { status: 'logged' };
});

fastify.get('/logs', async (request, reply) => {
  const text = await fs.readFile(LOG_FILE, 'utf8').catch(() => '');
  return reply.type('text/plain; charset=utf-8').send(text);
});

fastify.setErrorHandler((error, request, reply) => {
  reply.code(400).send({ error: 'a string message is required' });
});

fastify.listen({ port: 5000, host: '0.0.0.0' }).catch((err) => {
  console.error(err);
  process.exit(1);
});
