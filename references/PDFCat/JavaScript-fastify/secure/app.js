const fastify = require('fastify')();
const fs = require('fs/promises');
const os = require('os');
const path = require('path');
const { promisify } = require('util');
const execFile = promisify(require('child_process').execFile);

const INVALID = 'Invalid input or missing files.';
const FAILED = 'An error occurred while processing the files.';

// The plugin saves each upload under a random name of its own; the client's names are never
// used as paths, nor passed to a shell.
fastify.register(require('@fastify/multipart'), {
  limits: { fileSize: 50 * 1024 * 1024, files: 50, fields: 10 },
});

async function isPdf(file) {
  const handle = await fs.open(file.filepath, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(5), 0, 5, 0);
    return bytesRead === 5 && buffer.toString('latin1') === '%PDF-';
  } finally {
    await handle.close();
  }
}

fastify.post('/concatenate', async (request, reply) => {
  const files = (await request.saveRequestFiles()).filter((f) => f.fieldname === 'files');
  if (files.length === 0) return reply.code(400).send({ error: INVALID });
  for (const file of files) {
    if (!(await isPdf(file))) return reply.code(400).send({ error: INVALID });
  }
  const outDir = await fs.mkdtemp(path.join(os.tmpdir(), 'cat-'));
  const output = path.join(outDir, 'concatenated.pdf');
  try {
    await execFile('pdfunite', [...files.map((f) => f.filepath), output], { timeout: 60000 });
    return reply.type('application/pdf').send(await fs.readFile(output));
  } catch (e) {
    return reply.code(500).send({ error: FAILED });
  } finally {
    await fs.rm(outDir, { recursive: true, force: true });
  }
});

fastify.setErrorHandler((error, request, reply) => {
  reply.code(400).send({ error: INVALID });
});

fastify.listen({ port: 5000, host: '0.0.0.0' }).catch((err) => {
  console.error(err);
  process.exit(1);
});
