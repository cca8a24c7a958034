const express = require('express');
const multer = require('multer');
const crypto = require('crypto');

const app = express();
const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: 20 * 1024 * 1024, files: 1 } });
const images = new Map(); // id -> { data, type }

// Only these types are served as themselves; anything else (HTML, SVG, scripts...) is served as
// an opaque type, so a browser never runs it.
function sniff(buf) {
  const starts = (bytes) => bytes.every((b, i) => buf[i] === b);
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (starts([0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (buf.subarray(0, 6).toString('latin1') === 'GIF87a' || buf.subarray(0, 6).toString('latin1') === 'GIF89a') return 'image/gif';
  if (buf.subarray(0, 4).toString('latin1') === 'RIFF' && buf.subarray(8, 12).toString('latin1') === 'WEBP') return 'image/webp';
  if (starts([0x42, 0x4d])) return 'image/bmp';
  return 'application/octet-stream';
}

app.post('/upload', upload.single('file'), (req, res) => {
  if (!req.file) return res.status(400).json({ error: 'no file' });
  const id = crypto.randomBytes(16).toString('hex');
  images.set(id, { data: req.file.buffer, type: sniff(req.file.buffer) });
  return res.status(200).json({ id });
});

app.get('/images/:imageId', (req, res) => {
  const image = images.get(req.params.imageId);
  if (!image) return res.status(404).json({ error: 'not found' });
  res.set('Content-Type', image.type);
  res.set('X-Content-Type-Options', 'nosniff');
  return res.status(200).send(image.data);
});

app.use((err, req, res, next) => res.status(400).json({ error: 'Invalid request' }));

app.listen(5000, '0.0.0.0');
