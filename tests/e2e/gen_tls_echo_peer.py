#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""An independent TLS echo server (python3 ssl) for testing `load --tls`:
usage: gen_tls_echo_peer.py CERT KEY — prints "port N", serves until killed."""
import socket
import ssl
import sys
import threading

ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.load_cert_chain(sys.argv[1], sys.argv[2])
ls = socket.socket()
ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
ls.bind(("127.0.0.1", 0))
ls.listen(128)
print("port %d" % ls.getsockname()[1], flush=True)


def serve(conn):
    try:
        with ctx.wrap_socket(conn, server_side=True) as s:
            while True:
                b = s.recv(65536)
                if not b:
                    break
                s.sendall(b)
    except (OSError, ssl.SSLError):
        pass


while True:
    c, _ = ls.accept()
    threading.Thread(target=serve, args=(c,), daemon=True).start()
