#!/usr/bin/env python3
"""Writes the seed corpus of WireDecoderFuzzTest from the BIRD golden captures plus a few
hand-made messages (ADD-PATH, IPv6 MP_REACH, NOTIFICATION, ROUTE-REFRESH, BoRR, RFC 9072 OPEN).
Run from the repository root; files are named seed-*, findings kept by Jazzer are crash-*."""
import hashlib, os, pathlib

ROOT = pathlib.Path("modules/wire/src/test/resources/dev/bgplab/wire/codec/WireDecoderFuzzTestInputs")
GOLDEN = pathlib.Path("modules/wire/src/test/resources/golden")
CTX = {"bird-2oct": 1, "bird-4oct": 1, "bird-as2peer": 0}  # bit 0: 4-octet AS negotiated

def msg(t, body):
    n = 19 + len(body)
    return b"\xff" * 16 + bytes([n >> 8, n & 255, t]) + body

def put(target, data):
    d = ROOT / target
    d.mkdir(parents=True, exist_ok=True)
    (d / ("seed-" + hashlib.sha1(data).hexdigest()[:16])).write_bytes(data)

def add(m, ctx):
    put("message", bytes([ctx]) + m)
    t, body = m[18], m[19:]
    name = {1: "open", 2: "update", 3: "notification", 5: "routeRefresh"}.get(t)
    if name == "update":
        put(name, bytes([ctx]) + body)
    elif name:
        put(name, body)

for f, ctx in CTX.items():
    for line in (GOLDEN / (f + ".hex")).read_text().split():
        add(bytes.fromhex(line), ctx)

h = bytes.fromhex
origin, aspath4, nh = h("40010100"), h("4002060201 0000fde9".replace(" ", "")), h("400304c0000201")
# ADD-PATH IPv4: path id 1, 10.0.0.0/8 (ctx bit 1)
add(msg(2, h("0000") + len(origin + aspath4 + nh).to_bytes(2, "big") + origin + aspath4 + nh + h("00000001080a")), 3)
# IPv6 MP_REACH with global + link-local next hop and MP_UNREACH
mp = h("800e2d 0002 01 20 20010db8000000000000000000000001 fe800000000000000000000000000001 00 30 20010db80001".replace(" ", ""))
add(msg(2, h("0000") + len(origin + aspath4 + mp).to_bytes(2, "big") + origin + aspath4 + mp), 1)
unreach = h("800f08 0002 01 30 20010db80001".replace(" ", ""))
add(msg(2, h("0000") + len(unreach).to_bytes(2, "big") + unreach), 1)
# communities, large communities, extended communities, MED, LOCAL_PREF, unknown transitive
extra = h("c00804fde90064" "c0200cfde9000000010000000200" + "00" + "c0100800020000fde90064" "80040400000064" "40050400000064" "c0630207 08".replace(" ", ""))
add(msg(2, h("0000") + len(origin + aspath4 + nh + extra).to_bytes(2, "big") + origin + aspath4 + nh + extra + h("080a")), 1)
# withdrawals only
add(msg(2, h("0004 080a 100b") + h("0000")), 0)
# NOTIFICATION Cease/Administrative Shutdown with an RFC 8203 message; hold timer expired
add(msg(3, h("0602 04") + b"bye!"), 0)
add(msg(3, h("0400")), 0)
# ROUTE-REFRESH: plain, BoRR, EoRR
for sub in (0, 1, 2):
    add(msg(5, bytes([0, 1, sub, 1])), 0)
# OPEN with RFC 9072 extended optional parameters, capabilities MP, 4-octet AS, ADD-PATH, ext msg
caps = h("0104 00010001 4104 0000fde9 4504 00010103 0600".replace(" ", ""))
params = h("02") + len(caps).to_bytes(2, "big") + caps
add(msg(1, h("04 fde9 005a 0a000001 ff ff".replace(" ", "")) + len(params).to_bytes(2, "big") + params), 0)
print("seeds in", ROOT)
