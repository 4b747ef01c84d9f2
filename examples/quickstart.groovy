#!/usr/bin/env -S bash -c 'exec "$(dirname "$0")/../jbang" mirror "$0" "$@"'
// Skiff's quickstart, offline on a fresh clone: mirror the three sample images shipped beside this
// plan (examples/quickstart-images, an OCI layout) into ./mirror, renamed under mirror/.
//   ./jbang mirror examples/quickstart.groovy          (or run this file: examples/quickstart.groovy)
//   ./jbang list-tags oci:./mirror                     mirror/team/app:v1, mirror/team/app:v2, mirror/tools/cli:1.0
mirror {
    from oci("${planDir}/quickstart-images")
    platforms 'all'                          // keep team/app:v2's linux/amd64 + linux/arm64 index whole
    rename { repo -> "mirror/${repo}" }      // team/app -> mirror/team/app
    to oci('./mirror')
}
