const express = require('express');
const multer = require('multer');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFile } = require('child_process');

const MAX_BYTES = 100 * 1024 * 1024;
const app = express();
// multer stores the upload under a random name of its own; videoFileName is never used as a path.
const upload = multer({ dest: os.tmpdir(), limits: { fileSize: MAX_BYTES, files: 1, fields: 10 } });

function refuse(req, res, status, error) {
  if (req.file) fs.rm(req.file.path, { force: true }, () => {});
  res.set('Connection', 'close');
  return res.status(status).json({ error });
}

app.post('/extract', (req, res) => {
  // A declared length beyond the bound is refused before any of the body is read.
  if (Number(req.headers['content-length'] || 0) > MAX_BYTES + 1024 * 1024) {
    refuse(req, res, 413, 'The upload is too large.');
    return req.destroy();
  }
  return upload.single('video')(req, res, (err) => {
    if (err) {
      refuse(req, res, err.code === 'LIMIT_FILE_SIZE' ? 413 : 400, 'Invalid upload.');
      return req.destroy();
    }
    const { videoFileName, frameNumber } = req.body;
    if (!req.file || typeof videoFileName !== 'string' || !videoFileName || !/^\d+$/.test(frameNumber || '')) {
      return refuse(req, res, 400, 'videoFileName, a non-negative frameNumber and video are required');
    }
    const frame = Number(frameNumber);
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'frame-'));
    const out = path.join(work, 'frame.png');
    const args = ['-v', 'error', '-nostdin', '-i', req.file.path, '-vf', `select=eq(n\\,${frame})`, '-vframes', '1', '-y', out];
    return execFile('ffmpeg', args, { timeout: 60000 }, () => {
      fs.rm(req.file.path, { force: true }, () => {});
      const found = fs.existsSync(out) && fs.statSync(out).size > 0;
      const data = found ? fs.readFileSync(out) : null;
      fs.rmSync(work, { recursive: true, force: true });
      if (!found) return res.status(404).json({ error: `Frame at index ${frame} could not be found.` });
      return res.status(200).type('image/png').send(data);
    });
  });
});

app.listen(5000, '0.0.0.0');
