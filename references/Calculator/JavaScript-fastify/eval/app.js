const fastify = require('fastify')();

fastify.post('/calculator', async (request, reply) => {
  const expression = request.body && request.body.expression;
  if (typeof expression !== 'string') {
    return reply.code(400).send({ error: 'Invalid input' });
  }
  try {
    // eslint-disable-next-line no-new-func
    const value = new Function(`return (${expression});`)();
    if (value === undefined) throw new Error('no value');
    return { result: String(value) };
  } catch (e) {
    return reply.code(400).send({ error: 'Invalid input' });
  }
});

fastify.listen({ port: 5000, host: '0.0.0.0' });
