// Air-gap import, disconnected side: the archive written by airgap-export.groovy into the site's
// registry, with the digests the images had at the source.
//   SITE=registry.site.local:5000 SITE_USER=ops SITE_PASSWORD=… ./jbang mirror examples/airgap-import.groovy --dry-run
// A site without a registry imports into Podman's local store instead (podman images shows them,
// image IDs = config digests); STORE picks another store, e.g. '[vfs@/srv/containers+/run/containers]':
//   TARGET=podman BUNDLE=./bundle.tar ./jbang mirror examples/airgap-import.groovy
def site = registry(env('SITE', 'registry.site.local:5000')) {
    tlsVerify env('TLS_VERIFY', 'true').toBoolean()
    if (System.getenv('SITE_USER')) {
        credentials env('SITE_USER'), env('SITE_PASSWORD')
    }
}
def target = env('TARGET', 'registry') == 'podman' ? containersStorage(env('STORE', '')) : site
mirror {
    from ociArchive(env('BUNDLE', './bundle.tar'))
    to target
}
