#!/usr/bin/env python3
"""Pushes N distinct small images (tags t000…) to REGISTRY/REPO over plain HTTP: each has one
layer of its own and one shared base layer, like a real repository's tags. For the benchmark only."""
import gzip, hashlib, io, json, os, sys, tarfile, urllib.request

def put_blob(base, repo, data):
    digest = "sha256:" + hashlib.sha256(data).hexdigest()
    head = urllib.request.Request(f"{base}/v2/{repo}/blobs/{digest}", method="HEAD")
    try:
        urllib.request.urlopen(head)
        return digest
    except urllib.error.HTTPError:
        pass
    r = urllib.request.urlopen(urllib.request.Request(f"{base}/v2/{repo}/blobs/uploads/", method="POST", data=b""))
    loc = r.headers["Location"]
    loc = loc if loc.startswith("http") else base + loc
    sep = "&" if "?" in loc else "?"
    urllib.request.urlopen(urllib.request.Request(f"{loc}{sep}digest={digest}", method="PUT", data=data,
                                                  headers={"Content-Type": "application/octet-stream"}))
    return digest

def layer(name, size, seed):
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w") as tar:
        content = hashlib.sha256(seed.encode()).digest() * (size // 32)
        info = tarfile.TarInfo(name)
        info.size = len(content)
        info.mtime = 0
        tar.addfile(info, io.BytesIO(content))
    plain = raw.getvalue()
    return gzip.compress(plain, mtime=0), "sha256:" + hashlib.sha256(plain).hexdigest()

def main(registry, repo, count, size):
    base = f"http://{registry}"
    shared, shared_diff = layer("base.bin", size, "base")
    shared_digest = put_blob(base, repo, shared)
    for i in range(count):
        tag = f"t{i:03d}"
        own, own_diff = layer(f"app-{tag}.bin", size, tag)
        own_digest = put_blob(base, repo, own)
        config = json.dumps({"architecture": "amd64", "os": "linux", "config": {"Labels": {"tag": tag}},
                             "rootfs": {"type": "layers", "diff_ids": [shared_diff, own_diff]}}).encode()
        config_digest = put_blob(base, repo, config)
        manifest = json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                               "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": config_digest, "size": len(config)},
                               "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": d, "size": len(b)}
                                          for d, b in ((shared_digest, shared), (own_digest, own))]}).encode()
        urllib.request.urlopen(urllib.request.Request(f"{base}/v2/{repo}/manifests/{tag}", method="PUT", data=manifest,
                                                      headers={"Content-Type": "application/vnd.oci.image.manifest.v1+json"}))

if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]) if len(sys.argv) > 4 else 64 * 1024)
