const fastify = require('fastify')();
const crypto = require('crypto');

fastify.register(require('@fastify/multipart'), { limits: { fileSize: 20 * 1024 * 1024, files: 1 } });

const images = new Map(); // random id -> { data, type }

const path = require('path');

// The type is taken from the file name's extension, as a static file server would.
const TYPES = {
  '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif',
  '.webp': 'image/webp', '.bmp': 'image/bmp', '.svg': 'image/svg+xml', '.html': 'text/html',
};
const typeOf = (file) => TYPES[path.extname(file.filename || '').toLowerCase()] || file.mimetype;

fastify.post('/upload', async (request, reply) => {
  const file = await request.file();
  if (!file || file.fieldname !== 'file') return reply.code(400).send({ error: 'no file' });
  const data = await file.toBuffer();
  const id = crypto.randomBytes(16).toString('hex');
  images.set(id, { data, type: typeOf(file) });
  return { id };
});

fastify.get('/images/:imageId', async (request, reply) => {
  const image = images.get(request.params.imageId);
  if (!image) return reply.code(404).send({ error: 'not found' });
  return reply.type(image.type).send(image.data);
});

fastify.setErrorHandler((error, request, reply) => {
  reply.code(error.statusCode === 413 ? 413 : 400).send({ error: 'Invalid request' });
});

fastify.listen({ port: 5000, host: '0.0.0.0' }).catch((err) => {
  console.error(err);
  process.exit(1);
});
