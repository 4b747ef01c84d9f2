#!/usr/bin/env python3
"""Writes an OCI layout DIR holding one image tagged TAG: LAYERS layers of random (incompressible)
bytes, TOTAL bytes in all, each a real tar (one file) compressed with gzip, streamed so a 1 GiB
layer costs no memory. For the benchmark only.
   image.py DIR TAG TOTAL LAYERS"""
import hashlib, json, os, random, sys, tarfile, zlib

CHUNK = 1 << 20

def write_blob(dir, data):
    digest = hashlib.sha256(data).hexdigest()
    with open(os.path.join(dir, "blobs", "sha256", digest), "wb") as f:
        f.write(data)
    return "sha256:" + digest, len(data)

def write_layer(dir, name, size, rng):
    """A tar of one file of SIZE random bytes, gzipped; returns (digest, size, diff_id)."""
    tmp = os.path.join(dir, "blobs", "sha256", "layer.tmp")
    tar_hash, gz_hash = hashlib.sha256(), hashlib.sha256()
    gz = zlib.compressobj(1, zlib.DEFLATED, 31)  # wbits 31: a gzip member
    written = 0
    with open(tmp, "wb") as out:
        def emit(plain):
            nonlocal written
            tar_hash.update(plain)
            packed = gz.compress(plain)
            gz_hash.update(packed); out.write(packed); written += len(packed)
        info = tarfile.TarInfo(name)
        info.size, info.mtime, info.mode = size, 0, 0o644
        emit(info.tobuf(format=tarfile.PAX_FORMAT))
        left = size
        while left > 0:
            n = min(CHUNK, left)
            emit(rng.randbytes(n))
            left -= n
        emit(b"\0" * ((512 - size % 512) % 512 + 1024))  # padding, then the two end-of-archive blocks
        tail = gz.flush()
        gz_hash.update(tail); out.write(tail); written += len(tail)
    digest = gz_hash.hexdigest()
    os.rename(tmp, os.path.join(dir, "blobs", "sha256", digest))
    return "sha256:" + digest, written, "sha256:" + tar_hash.hexdigest()

def main(dir, tag, total, layers):
    os.makedirs(os.path.join(dir, "blobs", "sha256"), exist_ok=True)
    rng = random.Random(f"{tag}-{total}-{layers}")
    descriptors, diff_ids = [], []
    for i in range(layers):
        digest, size, diff_id = write_layer(dir, f"layer{i}.bin", total // layers, rng)
        descriptors.append({"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": digest, "size": size})
        diff_ids.append(diff_id)
    config = json.dumps({"architecture": "amd64", "os": "linux", "config": {},
                         "rootfs": {"type": "layers", "diff_ids": diff_ids}}).encode()
    config_digest, config_size = write_blob(dir, config)
    manifest = json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                           "config": {"mediaType": "application/vnd.oci.image.config.v1+json",
                                      "digest": config_digest, "size": config_size},
                           "layers": descriptors}).encode()
    manifest_digest, manifest_size = write_blob(dir, manifest)
    with open(os.path.join(dir, "oci-layout"), "w") as f:
        f.write('{"imageLayoutVersion":"1.0.0"}')
    with open(os.path.join(dir, "index.json"), "w") as f:
        json.dump({"schemaVersion": 2, "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json",
                   "digest": manifest_digest, "size": manifest_size,
                   "annotations": {"org.opencontainers.image.ref.name": tag}}]}, f)

if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
