const fastify = require('fastify')();
const fs = require('fs/promises');
const os = require('os');
const path = require('path');
const { promisify } = require('util');
const execFile = promisify(require('child_process').execFile);

const MAX_BYTES = 100 * 1024 * 1024;

// Uploads are limited in size and saved by the plugin under random names of its own: the
// client's videoFileName is never used as a path.
fastify.register(require('@fastify/multipart'), {
  limits: { fileSize: MAX_BYTES, files: 1, fields: 10, fieldSize: 64 * 1024 },
});

fastify.post('/extract', async (request, reply) => {
  // A declared length far beyond the bound is refused before any of the body is read.
  if (Number(request.headers['content-length'] || 0) > MAX_BYTES + 1024 * 1024) {
    return reply.code(413).header('connection', 'close').send({ error: 'The upload is too large.' });
  }
  const [video] = await request.saveRequestFiles();
  const field = (name) => (video && video.fields[name] && video.fields[name].value);
  const videoFileName = field('videoFileName');
  const frameNumber = field('frameNumber');
  if (!video || video.fieldname !== 'video' || typeof videoFileName !== 'string' || !videoFileName
      || typeof frameNumber !== 'string' || !/^\d+$/.test(frameNumber)) {
    return reply.code(400).send({ error: 'videoFileName, a non-negative frameNumber and video are required' });
  }
  const frame = Number(frameNumber);
  const work = await fs.mkdtemp(path.join(os.tmpdir(), 'frame-'));
  const out = path.join(work, 'frame.png');
  try {
    await execFile('ffmpeg', ['-v', 'error', '-nostdin', '-i', video.filepath,
      '-vf', `select=eq(n\\,${frame})`, '-vframes', '1', '-y', out], { timeout: 60000 })
      .catch(() => null);
    const image = await fs.readFile(out).catch(() => null);
    if (!image || image.length === 0) {
      return reply.code(404).send({ error: `Frame at index ${frame} could not be found.` });
    }
    return reply.type('image/png').send(image);
  } finally {
    await fs.rm(work, { recursive: true, force: true });
  }
});

fastify.setErrorHandler((error, request, reply) => {
  const status = error.statusCode === 413 ? 413 : 400;
  reply.code(status).header('connection', 'close').send({ error: 'Invalid upload.' });
});

fastify.listen({ port: 5000, host: '0.0.0.0' }).catch((err) => {
  console.error(err);
  process.exit(1);
});
