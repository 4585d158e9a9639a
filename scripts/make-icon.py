#!/usr/bin/env python3
"""Draws Dockhand's Marketplace icon (media/icon.png, 256x256) with no dependency beyond the standard library:
a rounded navy tile, a stack of three shipping containers on a hull, and a wave line. Run it again after
changing a shape: python3 scripts/make-icon.py"""
import struct, zlib, math, os

SIZE = 256
SS = 4  # supersamples per axis

def rounded_rect(x, y, x0, y0, x1, y1, r):
    cx = min(max(x, x0 + r), x1 - r)
    cy = min(max(y, y0 + r), y1 - r)
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r and x0 <= x <= x1 and y0 <= y <= y1

def hull(x, y):
    # A trapezoid hull with a curved bottom: deck at y=150, keel at ~200.
    if y < 150 or y > 205: return False
    t = (y - 150) / 55
    left = 34 + 26 * t * t
    right = 222 - 20 * t
    return left <= x <= right

CONTAINERS = [
    # x0, y0, x1, y1, colour
    (52, 112, 118, 148, (242, 140, 40)),
    (122, 112, 188, 148, (38, 186, 170)),
    (87, 74, 153, 110, (250, 204, 64)),
]

def wave(x, y):
    yy = 218 + 6 * math.sin((x - 20) / 18)
    return abs(y - yy) <= 3.2 and 28 <= x <= 228

def colour(x, y):
    if not rounded_rect(x, y, 8, 8, 248, 248, 44):
        return None
    # Background: navy, lighter towards the top.
    k = y / SIZE
    c = (int(22 + 18 * (1 - k)), int(52 + 40 * (1 - k)), int(110 + 60 * (1 - k)))
    for x0, y0, x1, y1, col in CONTAINERS:
        if x0 <= x <= x1 and y0 <= y <= y1:
            # Corrugation: darker vertical ribs.
            rib = int((x - x0) / 9) % 2 == 1 and y0 + 4 < y < y1 - 4
            edge = x < x0 + 2.5 or x > x1 - 2.5 or y < y0 + 2.5 or y > y1 - 2.5
            f = 0.72 if edge else (0.86 if rib else 1.0)
            return tuple(int(v * f) for v in col)
    if hull(x, y):
        return (236, 242, 250)
    if wave(x, y):
        return (120, 190, 255)
    return c

def main():
    rows = []
    for py in range(SIZE):
        row = bytearray([0])
        for px in range(SIZE):
            acc = [0, 0, 0, 0]
            for sy in range(SS):
                for sx in range(SS):
                    c = colour(px + (sx + 0.5) / SS, py + (sy + 0.5) / SS)
                    if c is not None:
                        acc[0] += c[0]; acc[1] += c[1]; acc[2] += c[2]; acc[3] += 255
            n = SS * SS
            a = acc[3] / n
            if a == 0:
                row += bytes(4)
            else:
                cover = acc[3] / 255
                row += bytes([int(acc[0] / cover), int(acc[1] / cover), int(acc[2] / cover), int(a)])
        rows.append(bytes(row))
    raw = b''.join(rows)
    def chunk(tag, data):
        return struct.pack('>I', len(data)) + tag + data + struct.pack('>I', zlib.crc32(tag + data) & 0xffffffff)
    png = b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', SIZE, SIZE, 8, 6, 0, 0, 0)) \
        + chunk(b'IDAT', zlib.compress(raw, 9)) + chunk(b'IEND', b'')
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'media', 'icon.png')
    with open(out, 'wb') as f:
        f.write(png)
    print(f'wrote {os.path.normpath(out)} ({len(png)} bytes, {SIZE}x{SIZE})')

if __name__ == '__main__':
    main()
