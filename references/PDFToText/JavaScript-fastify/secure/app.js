const fastify = require('fastify')();
const fs = require('fs/promises');
const { promisify } = require('util');
const execFile = promisify(require('child_process').execFile);

const MAX_BYTES = 10 * 1024 * 1024;

// The plugin saves the upload under a random name of its own; the client's name is never used.
fastify.register(require('@fastify/multipart'), { limits: { fileSize: MAX_BYTES, files: 1, fields: 10 } });

async function startsWithPdfMagic(file) {
  const handle = await fs.open(file, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(5), 0, 5, 0);
    return bytesRead === 5 && buffer.toString('latin1') === '%PDF-';
  } finally {
    await handle.close();
  }
}

fastify.post('/convert', async (request, reply) => {
  const [upload] = (await request.saveRequestFiles()).filter((f) => f.fieldname === 'file');
  if (!upload) return reply.code(400).send({ error: 'Missing file.' });
  if (!(await startsWithPdfMagic(upload.filepath))) {
    return reply.code(400).send({ error: 'The file is not a PDF.' });
  }
  try {
    const { stdout } = await execFile('pdftotext', ['-enc', 'UTF-8', upload.filepath, '-'],
      { timeout: 30000, maxBuffer: 16 * 1024 * 1024 });
    return reply.type('text/plain; charset=utf-8').send(stdout);
  } catch (e) {
    return reply.code(500).send({ error: 'The file could not be converted.' });
  }
});

fastify.setErrorHandler((error, request, reply) => {
  if (error.statusCode === 413) {
    return reply.code(413).header('connection', 'close').send({ error: 'The uploaded file is too large.' });
  }
  return reply.code(400).send({ error: 'Invalid input.' });
});

fastify.listen({ port: 5000, host: '0.0.0.0' }).catch((err) => {
  console.error(err);
  process.exit(1);
});
