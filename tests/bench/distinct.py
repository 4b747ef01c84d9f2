#!/usr/bin/env python3
"""Prints the sum of the sizes of the distinct blobs (manifests, configs, layers) that the tags of
REGISTRY/REPO reference, each counted once: the least an export of them can take. For the benchmark only."""
import json, sys, urllib.request

ACCEPT = "application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json"

def get(url, accept=None):
    req = urllib.request.Request(url, headers={"Accept": accept} if accept else {})
    return urllib.request.urlopen(req).read()

def main(registry, repo):
    base = f"http://{registry}/v2/{repo}"
    sizes = {}
    for tag in json.loads(get(f"{base}/tags/list"))["tags"]:
        req = urllib.request.Request(f"{base}/manifests/{tag}", headers={"Accept": ACCEPT})
        with urllib.request.urlopen(req) as r:
            raw = r.read()
            sizes[r.headers["Docker-Content-Digest"]] = len(raw)
        manifest = json.loads(raw)
        for d in [manifest["config"]] + manifest["layers"]:
            sizes[d["digest"]] = d["size"]
    print(sum(sizes.values()))

if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
