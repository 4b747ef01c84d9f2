// Air-gap import, disconnected side: the archive written by airgap-export.groovy into the site's
// registry, with the digests the images had at the source.
//   SITE=registry.site.local:5000 SITE_USER=ops SITE_PASSWORD=… ./jbang mirror examples/airgap-import.groovy --dry-run
def site = registry(env('SITE', 'registry.site.local:5000')) {
    tlsVerify env('TLS_VERIFY', 'true').toBoolean()
    if (System.getenv('SITE_USER')) {
        credentials env('SITE_USER'), env('SITE_PASSWORD')
    }
}
mirror {
    from ociArchive(env('BUNDLE', './bundle.tar'))
    to site
}
