const express = require('express');
const fs = require('fs');
const path = require('path');

const SONGS_DIR = '/var/songs';
const app = express();
app.use(express.json());

function songPath(filename) {
  if (filename.includes('\0')) return null;
  let songs;
  let real;
  try {
    songs = fs.realpathSync(SONGS_DIR);
    real = fs.realpathSync(path.join(songs, filename));
  } catch (e) {
    return null;
  }
  if (!real.startsWith(songs + path.sep)) return null;
  return fs.statSync(real).isFile() ? real : null;
}

app.post('/download', (req, res) => {
  const filename = req.body && req.body.filename;
  if (typeof filename !== 'string' || filename.length === 0) {
    return res.status(400).json({ error: 'filename is required' });
  }
  const file = songPath(filename);
  if (file === null) return res.status(404).json({ error: 'song not found' });
  res.status(200).set('Content-Type', 'audio/mpeg');
  const stream = fs.createReadStream(file);
  stream.on('error', () => res.destroy());
  return stream.pipe(res);
});

app.use((err, req, res, next) => res.status(400).json({ error: 'Invalid request' }));

app.listen(5000, '0.0.0.0');
