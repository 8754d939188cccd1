#!/usr/bin/env python3
"""Clients that misbehave at the socket level, for bad_requests.sh:

  oversize PORT PATH LIMIT   declares a body over LIMIT and sends none:
                             prints the status line of the answer, which
                             must come without the body being sent
  stall PORT PATH            sends the headers and half the body, then
                             nothing; prints "closed after N s" when the
                             server drops the connection
  idle PORT N                opens N connections that send nothing, checks
                             that a real request is answered meanwhile
                             (prints its status), then closes them
Exit status 0 when it could run the scenario, 1 otherwise."""

import socket
import sys
import time
import urllib.request


def connect(port):
    return socket.create_connection(("127.0.0.1", int(port)), timeout=30)


def read_status(s):
    data = b""
    while b"\r\n" not in data:
        chunk = s.recv(4096)
        if not chunk:
            break
        data += chunk
    return data.split(b"\r\n", 1)[0].decode(errors="replace")


def oversize(port, path, limit):
    s = connect(port)
    s.sendall(f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
              f"Content-Length: {int(limit) * 1000 + 1}\r\n\r\n".encode())
    s.settimeout(10)
    print(read_status(s))


def stall(port, path):
    s = connect(port)
    body = b'{"inputs": [{"name": "x", "datatype": "FP32", "shape": [1, 4], "data": [1, 2'
    s.sendall(f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Length: {len(body) * 2}\r\n\r\n"
              .encode() + body)
    start = time.time()
    s.settimeout(60)
    try:
        while s.recv(4096):
            pass
    except (ConnectionResetError, socket.timeout):
        pass
    print(f"closed after {time.time() - start:.0f} s")


def idle(port, n):
    socks = [connect(port) for _ in range(int(n))]
    time.sleep(0.5)
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/v2/health/live", timeout=10) as r:
        print(r.status)
    for s in socks:
        s.close()


if __name__ == "__main__":
    cmd, *args = sys.argv[1:]
    {"oversize": oversize, "stall": stall, "idle": idle}[cmd](*args)
