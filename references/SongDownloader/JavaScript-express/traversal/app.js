const express = require('express');
const fs = require('fs');
const path = require('path');

const SONGS_DIR = '/var/songs';
const app = express();
app.use(express.json());

// The file name is joined to the songs folder as given.
function songPath(filename) {
  const file = path.join(SONGS_DIR, filename);
  try {
    return fs.statSync(file).isFile() ? file : null;
  } catch (e) {
    return null;
  }
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
