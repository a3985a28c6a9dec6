// The Socket.IO 4 peer for S2: N clients in one room, one event to the room, repeated. A baseline, not part of
// LiveDesk. POST /broadcast?seq=1&size=230 stamps the time, pads the payload to `size` bytes of JSON and emits it to
// the room; the same shape the floor sends.
'use strict';
const http = require('node:http');
const { Server } = require('socket.io');

const port = Number(process.env.PORT || 3000);
const room = 'fanout';

const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://localhost');
  if (req.method === 'GET' && url.pathname === '/health') {
    res.end(String(io.engine.clientsCount));
    return;
  }
  if (req.method === 'POST' && url.pathname === '/broadcast') {
    const seq = Number(url.searchParams.get('seq'));
    const size = Number(url.searchParams.get('size') || 200);
    const at = Date.now();
    const head = `{"seq":${seq},"at":${at},"pad":"`;
    const pad = 'x'.repeat(Math.max(0, size - head.length - 2));
    // Sent as a plain object, the way an app would; Socket.IO encodes the packet once per broadcast.
    io.to(room).emit('events', { seq, at, pad });
    res.end(String(io.engine.clientsCount));
    return;
  }
  res.statusCode = 404;
  res.end();
});

const io = new Server(server, {
  transports: ['websocket'],
  serveClient: false,
  perMessageDeflate: false,
  // Connection-state recovery is off: LiveDesk's replay has no counterpart in this baseline.
});

io.on('connection', (socket) => {
  socket.join(room);
});

server.listen(port, '127.0.0.1', () => {
  console.log(`socket.io peer listening on ${port}`);
});
