#!/usr/bin/env python3
"""Pushes N distinct small images (tags t000…) to REGISTRY/REPO over plain HTTP: each has one
layer of its own and one shared base layer, like a real repository's tags. For the benchmark only.
   populate.py REGISTRY REPO COUNT [SIZE] [--shared] [--jobs N]
--shared: every tag has the same two layers (only its config, a label, differs), so a repository of
thousands of tags is three small requests a tag; --jobs N: N tags pushed at a time (default 1).
The output is deterministic: the same arguments give the same digests in any registry."""
import concurrent.futures, gzip, hashlib, io, json, os, sys, tarfile, urllib.request

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

def main(registry, repo, count, size, shared_only=False, jobs=1):
    base = f"http://{registry}"
    shared, shared_diff = layer("base.bin", size, "base")
    shared_digest = put_blob(base, repo, shared)
    if shared_only:
        app = layer("app.bin", size, "app")
        app_digest = put_blob(base, repo, app[0])

    def push(i):
        tag = f"t{i:03d}"
        if shared_only:
            (own, own_diff), own_digest = app, app_digest
        else:
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

    with concurrent.futures.ThreadPoolExecutor(max(1, jobs)) as pool:
        for _ in pool.map(push, range(count)):  # map re-raises the first failure here
            pass

if __name__ == "__main__":
    args = sys.argv[1:]
    shared_only = "--shared" in args
    jobs = 1
    if "--jobs" in args:
        jobs = int(args[args.index("--jobs") + 1])
        del args[args.index("--jobs"):args.index("--jobs") + 2]
    args = [a for a in args if a != "--shared"]
    main(args[0], args[1], int(args[2]), int(args[3]) if len(args) > 3 else 64 * 1024, shared_only, jobs)
