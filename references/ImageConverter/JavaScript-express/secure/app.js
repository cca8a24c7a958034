const express = require('express');
const multer = require('multer');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFile } = require('child_process');

const MAX_SIDE = 2000; // frames beyond 2000x2000 cost more memory and time than this service allows
const MAX_IMAGES = 50;
const app = express();
const upload = multer({
  storage: multer.memoryStorage(),
  limits: { fileSize: 20 * 1024 * 1024, files: MAX_IMAGES, fields: 10 },
});

function parseSize(text) {
  const match = /^(\d{1,5})x(\d{1,5})$/.exec(typeof text === 'string' ? text : '');
  if (!match) return null;
  const [width, height] = [Number(match[1]), Number(match[2])];
  return width > 0 && height > 0 && width <= MAX_SIDE && height <= MAX_SIDE ? [width, height] : null;
}

app.post('/create-gif', (req, res) => {
  upload.array('images')(req, res, (err) => {
    if (err) return res.status(400).json({ error: 'invalid upload' });
    const images = req.files || [];
    const size = parseSize(req.body.targetSize);
    const delay = req.body.delay === undefined ? '10' : String(req.body.delay);
    const reverted = req.body.appendReverted === undefined ? 'false' : String(req.body.appendReverted).toLowerCase();
    if (images.length === 0) return res.status(400).json({ error: 'send at least one image' });
    if (!size) return res.status(400).json({ error: `targetSize must be WIDTHxHEIGHT, each at most ${MAX_SIDE}` });
    if (!/^\d{1,6}$/.test(delay) || !['true', 'false'].includes(reverted)) {
      return res.status(400).json({ error: 'delay must be a non-negative integer, appendReverted true or false' });
    }
    // Uploads are stored under names of our own; the client's file names are never used.
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'gif-'));
    const paths = images.map((image, i) => {
      const p = path.join(work, `frame${i}`);
      fs.writeFileSync(p, image.buffer);
      return p;
    });
    const out = path.join(work, 'out.gif');
    const args = ['-delay', `${Number(delay)}x1000`, '-loop', '0', ...paths, '-resize', `${size[0]}x${size[1]}`];
    if (reverted === 'true') args.push('(', '-clone', '0--1', '-reverse', ')');
    args.push(out);
    execFile('convert', args, { timeout: 60000 }, (error) => {
      const finish = (status, body, type) => {
        fs.rmSync(work, { recursive: true, force: true });
        if (type) return res.status(status).type(type).send(body);
        return res.status(status).json(body);
      };
      if (error || !fs.existsSync(out)) return finish(400, { error: 'the images could not be converted' });
      return finish(200, fs.readFileSync(out), 'image/gif');
    });
  });
});

app.listen(5000, '0.0.0.0');
