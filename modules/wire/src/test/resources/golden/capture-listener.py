import socket, sys, time, struct
# Throwaway BGP listener: accept bird's connection, answer OPEN+KEEPALIVE, record all bytes bird sends.
host, port, myas, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
def caps():
    c = b''
    c += bytes([1,4,0,1,0,1])        # MP ipv4 unicast
    c += bytes([1,4,0,2,0,1])        # MP ipv6 unicast
    c += bytes([2,0])                # route refresh
    if len(sys.argv) < 6: c += bytes([65,4]) + struct.pack('!I', myas)
    return bytes([2, len(c)]) + c
opt = caps()
body = bytes([4]) + struct.pack('!HH', myas if myas < 65536 else 23456, 90) + socket.inet_aton(host) + bytes([len(opt)]) + opt
openmsg = b'\xff'*16 + struct.pack('!HB', 19+len(body), 1) + body
ka = b'\xff'*16 + struct.pack('!HB', 19, 4)
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((host, port)); s.listen(1); s.settimeout(30)
c, a = s.accept(); c.settimeout(0.5)
data = b''; sent = False; deadline = time.time() + 6
while time.time() < deadline:
    try:
        d = c.recv(65536)
        if not d: break
        data += d
    except socket.timeout:
        pass
    if not sent and len(data) >= 19:
        c.sendall(openmsg + ka); sent = True
open(out, 'w').write(data.hex())
# split messages for convenience
i = 0
with open(out + '.msgs', 'w') as f:
    while i + 19 <= len(data):
        l = struct.unpack('!H', data[i+16:i+18])[0]
        f.write(data[i:i+l].hex() + '\n'); i += l
c.close(); s.close()
