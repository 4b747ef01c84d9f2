// Air-gap export, connected side: every image the site needs into ONE OCI archive file (each blob
// once), tagged REPOSITORY:TAG, to carry across. The file appears only when every image arrived.
//   UPSTREAM=registry.example.com ./jbang mirror examples/airgap-export.groovy     # writes ./bundle.tar
// The same selection as skopeo's sync YAML: examples/airgap-export.yaml.
mirror {
    from(env('UPSTREAM', 'registry.example.com')) { tlsVerify env('TLS_VERIFY', 'true').toBoolean() }
    images 'team/app:v1', 'team/app:v2'
    images('tools/cli') { semver '>=1.0 <2' }
    to ociArchive(env('BUNDLE', './bundle.tar'))
}
