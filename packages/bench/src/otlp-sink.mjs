// A stand-in OTLP/HTTP collector: accepts every export, keeps only counts (and, with --print, the span names it can
// read in the protobuf), and answers 200 at once. Used to measure tracing's cost without a real collector's.
// node packages/bench/src/otlp-sink.mjs [--port 4318] [--print]
import { createServer } from 'node:http';

export function startOtlpSink(port = 4318, { print = false } = {}) {
  const counts = { requests: 0, bytes: 0 };
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      counts.requests++;
      counts.bytes += body.length;
      // Span names are plain strings inside the protobuf: enough to see what arrives.
      if (print)
        console.log(req.url, body.length, [...new Set(body.toString('latin1').match(/[\w.:/ -]{6,60}/g))].join(' | '));
      res.writeHead(200, { 'content-type': req.headers['content-type'] ?? 'application/x-protobuf' });
      res.end();
    });
  });
  return new Promise((resolve) =>
    server.listen(port, '127.0.0.1', () =>
      resolve({ counts, port: server.address().port, close: () => new Promise((r) => server.close(r)) }),
    ),
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const at = process.argv.indexOf('--port');
  const sink = await startOtlpSink(at > 0 ? Number(process.argv[at + 1]) : 4318, {
    print: process.argv.includes('--print'),
  });
  console.log(`OTLP sink on http://127.0.0.1:${sink.port}`);
}
