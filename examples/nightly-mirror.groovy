// Nightly mirror (cron or a CI schedule): the release tags of a few repositories, copied from
// upstream to the internal mirror under mirror/…; a re-run moves only what changed.
//   UPSTREAM=registry.example.com MIRROR=mirror.internal:5000 ./jbang mirror examples/nightly-mirror.groovy --keep-going
def upstream = registry(env('UPSTREAM', 'registry.example.com')) { tlsVerify env('TLS_VERIFY', 'true').toBoolean() }
def internal = registry(env('MIRROR', 'mirror.internal:5000')) { tlsVerify env('TLS_VERIFY', 'true').toBoolean() }

mirror {
    from upstream
    images('team/app') { tags ~/^v\d+$/ }            // v1, v2 … but not v3-rc1
    images('tools/cli') { semver '>=1.0 <2' }          // 1.x releases
    images 'team/base:1.0'
    rename { repo -> "mirror/${repo}" }                // team/app -> mirror/team/app
    to internal
    parallel 4
}
