#!/usr/bin/env python3
"""The one load generator of bench/serve_bench.py, the same for every
server: C client processes (not threads: no GIL between them), each with
one persistent HTTP/1.1 connection over a raw socket, sending one prepared
request after another for a fixed time.  A raw socket and a prepared
request keep the client's own cost per call to a few microseconds, so that
the latency measured is the server's, not http.client's.

    http_load.py PORT REQUEST_FILE CONCURRENCY SECONDS WARMUP_SECONDS

REQUEST_FILE holds the whole request (request line, headers, body).
Prints one JSON object: requests, errors, p50_ms, p99_ms, mean_ms,
throughput_per_s (answered requests over the timed window).
"""
import json
import multiprocessing
import socket
import statistics
import sys
import time


def read_response(sock, buf):
    """Reads one response; returns (status, body, leftover bytes)."""
    while b"\r\n\r\n" not in buf:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError("server closed the connection")
        buf += chunk
    head, _, rest = buf.partition(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    status = int(lines[0].split()[1])
    hdr = {}
    for ln in lines[1:]:
        k, _, v = ln.partition(b":")
        hdr[k.strip().lower()] = v.strip()
    if b"content-length" in hdr:
        n = int(hdr[b"content-length"])
        while len(rest) < n:
            chunk = sock.recv(65536)
            if not chunk:
                raise ConnectionError("server closed the connection mid-body")
            rest += chunk
        return status, rest[:n], rest[n:]
    if hdr.get(b"transfer-encoding", b"").lower() == b"chunked":
        body = b""
        while True:
            while b"\r\n" not in rest:
                rest += sock.recv(65536)
            size_line, _, rest = rest.partition(b"\r\n")
            size = int(size_line.split(b";")[0], 16)
            while len(rest) < size + 2:
                rest += sock.recv(65536)
            body += rest[:size]
            rest = rest[size + 2:]
            if size == 0:
                return status, body, rest
    raise ValueError("response with neither Content-Length nor chunked body")


def one_call(port, request):
    """One request on a fresh connection: (status, body); for checks."""
    with socket.create_connection(("127.0.0.1", port), timeout=60) as s:
        s.sendall(request)
        status, body, _ = read_response(s, b"")
        return status, body


def worker(port, request, start_at, warm_end, end, q):
    lat, errors = [], 0
    s = socket.create_connection(("127.0.0.1", port), timeout=60)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    buf = b""
    while time.perf_counter() < start_at:
        time.sleep(0.001)
    while True:
        t0 = time.perf_counter()
        if t0 >= end:
            break
        s.sendall(request)
        status, _, buf = read_response(s, buf)
        t1 = time.perf_counter()
        if t0 >= warm_end:
            if status == 200:
                lat.append(t1 - t0)
            else:
                errors += 1
    s.close()
    q.put((lat, errors))


def run(port, request, conc, seconds, warmup):
    q = multiprocessing.Queue()
    start_at = time.perf_counter() + 0.3  # every client connected first
    warm_end = start_at + warmup
    end = warm_end + seconds
    procs = [multiprocessing.Process(target=worker,
                                     args=(port, request, start_at, warm_end, end, q))
             for _ in range(conc)]
    for p in procs:
        p.start()
    results = [q.get() for _ in procs]
    for p in procs:
        p.join()
    lat = sorted(x for r in results for x in r[0])
    errors = sum(r[1] for r in results)
    if not lat:
        return {"requests": 0, "errors": errors}
    rank = lambda p: lat[max(0, -(-len(lat) * p // 100) - 1)]  # nearest rank
    return {"requests": len(lat), "errors": errors,
            "p50_ms": rank(50) * 1e3, "p99_ms": rank(99) * 1e3,
            "mean_ms": statistics.fmean(lat) * 1e3,
            "throughput_per_s": len(lat) / seconds}


def main():
    port, path, conc, seconds, warmup = sys.argv[1:6]
    with open(path, "rb") as f:
        request = f.read()
    print(json.dumps(run(int(port), request, int(conc), float(seconds), float(warmup))))


if __name__ == "__main__":
    main()
