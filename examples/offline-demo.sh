#!/usr/bin/env bash
# Skiff's main job, offline, on a fresh clone: build sample images (random tar+gzip layers, one
# single-platform and one linux/amd64+linux/arm64 index) into an OCI layout, push them to a
# throwaway local registry, pull one back, inspect both sides, and check with skopeo (when
# installed) that it sees the same digests; then runs the quickstart mirror plan (the README's main
# job) twice. Needs: JDK 17+, Maven, docker-registry.
#   examples/offline-demo.sh            # KEEP=1 keeps the work directory
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
skiff() { echo "+ skiff $*" >&2; "$root/jbang" "$@"; }

if ! command -v docker-registry >/dev/null; then
    echo "offline-demo: docker-registry is not installed (apt-get install docker-registry)" >&2
    exit 1
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/skiff-demo.XXXXXX")
registry_pid=
cleanup() {
    [ -n "$registry_pid" ] && kill "$registry_pid" 2>/dev/null || true
    if [ "${KEEP:-0}" = 1 ]; then echo "work directory kept: $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT

# A registry on a free loopback port, with its storage in the work directory.
port=
for candidate in $(shuf -i 20000-40000 -n 20); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then port=$candidate; break; fi
done
[ -n "$port" ] || { echo "offline-demo: no free port found" >&2; exit 1; }
cat > "$work/registry.yml" <<YAML
version: 0.1
log: {level: error}
storage:
  filesystem: {rootdirectory: $work/registry}
  delete: {enabled: true}
http: {addr: 127.0.0.1:$port}
YAML
docker-registry serve "$work/registry.yml" >"$work/registry.log" 2>&1 &
registry_pid=$!
for _ in $(seq 1 50); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
    sleep 0.1
done
reg="127.0.0.1:$port"
echo "registry listening at $reg" >&2

cd "$work"
skiff sample-image oci:./layout:v1
skiff sample-image --platform linux/amd64,linux/arm64 oci:./layout:multi

skiff copy --dest-tls-verify=false oci:./layout:v1 "docker://$reg/team/app:v1"
skiff copy --src-tls-verify=false "docker://$reg/team/app:v1" oci:./out:v1
skiff inspect --tls-verify=false "docker://$reg/team/app:v1"
skiff inspect --raw oci:./out:v1
echo
skiff inspect --tls-verify=false --format 'Name: {{.Name}} Digest: {{.Digest}}' "docker://$reg/team/app:v1"
skiff copy --all --dest-tls-verify=false oci:./layout:multi "docker://$reg/team/app:multi"

want=$(skiff inspect --format '{{.Digest}}' oci:./layout:multi)
got=$(skiff inspect --tls-verify=false --format '{{.Digest}}' "docker://$reg/team/app:multi")
[ "$want" = "$got" ] || { echo "offline-demo: digest changed: $want -> $got" >&2; exit 1; }
echo "index digest kept across the copy: $got"

if command -v skopeo >/dev/null; then
    seen=$(skopeo inspect --tls-verify=false --raw "docker://$reg/team/app:multi" | sha256sum | cut -d' ' -f1)
    [ "sha256:$seen" = "$got" ] || { echo "offline-demo: skopeo sees sha256:$seen, Skiff wrote $got" >&2; exit 1; }
    echo "skopeo reads the same index: sha256:$seen"
fi

skiff mirror "$root/examples/quickstart.groovy"
skiff list-tags oci:./mirror
skiff mirror "$root/examples/quickstart.groovy" | tail -n 1    # again: nothing to copy
echo "offline demo: OK"
