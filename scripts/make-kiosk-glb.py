# Writes courses/data-security/assets/visitor-kiosk.glb: a small visitor sign-in kiosk (pole,
# base and a tilted screen) as a binary glTF, so the course ships one model made for the project.
import json, math, struct

def box(w, h, d, cx, cy, cz, tilt=0.0):
    hw, hh, hd = w / 2, h / 2, d / 2
    faces = [((1,0,0),[(hw,-hh,-hd),(hw,hh,-hd),(hw,hh,hd),(hw,-hh,hd)]), ((-1,0,0),[(-hw,-hh,hd),(-hw,hh,hd),(-hw,hh,-hd),(-hw,-hh,-hd)]),
             ((0,1,0),[(-hw,hh,-hd),(-hw,hh,hd),(hw,hh,hd),(hw,hh,-hd)]), ((0,-1,0),[(-hw,-hh,hd),(-hw,-hh,-hd),(hw,-hh,-hd),(hw,-hh,hd)]),
             ((0,0,1),[(-hw,-hh,hd),(hw,-hh,hd),(hw,hh,hd),(-hw,hh,hd)]), ((0,0,-1),[(hw,-hh,-hd),(-hw,-hh,-hd),(-hw,hh,-hd),(hw,hh,-hd)])]
    c, s = math.cos(tilt), math.sin(tilt)
    rot = lambda v: (v[0], v[1] * c - v[2] * s, v[1] * s + v[2] * c)
    pos, nor, idx = [], [], []
    for n, quad in faces:
        base = len(pos)
        for v in quad:
            r = rot(v)
            pos.append((r[0] + cx, r[1] + cy, r[2] + cz))
            nor.append(rot(n))
        idx += [base, base + 1, base + 2, base, base + 2, base + 3]
    return pos, nor, idx

parts = {
    'body': [box(0.36, 0.04, 0.3, 0, 0.02, 0), box(0.06, 1.0, 0.06, 0, 0.54, 0), box(0.34, 0.26, 0.05, 0, 1.12, 0.02, -0.45)],
    'screen': [box(0.29, 0.2, 0.01, 0, 1.12, 0.02, -0.45)],
}
materials = [
    {'name': 'kiosk-body', 'pbrMetallicRoughness': {'baseColorFactor': [0.55, 0.6, 0.66, 1], 'metallicFactor': 0.2, 'roughnessFactor': 0.6}},
    {'name': 'kiosk-screen', 'pbrMetallicRoughness': {'baseColorFactor': [0.1, 0.35, 0.7, 1], 'metallicFactor': 0, 'roughnessFactor': 0.3}, 'emissiveFactor': [0.15, 0.4, 0.8]},
]
buf = bytearray()
accessors, views, prims = [], [], []
for m, (name, boxes) in enumerate(parts.items()):
    pos, nor, idx = [], [], []
    for p, n, i in boxes:
        off = len(pos)
        pos += p; nor += n; idx += [off + k for k in i]
    # The screen sits 3 mm proud of the head so it never z-fights.
    if name == 'screen':
        pos = [(x, y + 0.003 * math.sin(0.45), z + 0.028 * math.cos(0.45)) for x, y, z in pos]
    attrs = {}
    for key, data, fmt in (('POSITION', pos, 'fff'), ('NORMAL', nor, 'fff')):
        start = len(buf)
        for v in data: buf += struct.pack('<' + fmt, *v)
        views.append({'buffer': 0, 'byteOffset': start, 'byteLength': len(buf) - start, 'target': 34962})
        acc = {'bufferView': len(views) - 1, 'componentType': 5126, 'count': len(data), 'type': 'VEC3'}
        if key == 'POSITION':
            acc['min'] = [min(v[a] for v in data) for a in range(3)]; acc['max'] = [max(v[a] for v in data) for a in range(3)]
        accessors.append(acc); attrs[key] = len(accessors) - 1
    start = len(buf)
    for i in idx: buf += struct.pack('<H', i)
    while len(buf) % 4: buf += b'\0'
    views.append({'buffer': 0, 'byteOffset': start, 'byteLength': len(idx) * 2, 'target': 34963})
    accessors.append({'bufferView': len(views) - 1, 'componentType': 5123, 'count': len(idx), 'type': 'SCALAR'})
    prims.append({'attributes': attrs, 'indices': len(accessors) - 1, 'material': m})
gltf = {'asset': {'version': '2.0', 'generator': 'shixun make-kiosk-glb.py'}, 'scene': 0, 'scenes': [{'nodes': [0]}],
        'nodes': [{'mesh': 0, 'name': 'visitor-kiosk'}], 'meshes': [{'primitives': prims}], 'materials': materials,
        'accessors': accessors, 'bufferViews': views, 'buffers': [{'byteLength': len(buf)}]}
js = json.dumps(gltf, separators=(',', ':')).encode()
while len(js) % 4: js += b' '
out = struct.pack('<III', 0x46546C67, 2, 12 + 8 + len(js) + 8 + len(buf)) + struct.pack('<II', len(js), 0x4E4F534A) + js + struct.pack('<II', len(buf), 0x004E4942) + bytes(buf)
open('courses/data-security/assets/visitor-kiosk.glb', 'wb').write(out)
print('wrote', len(out), 'bytes')
