package dev.skiff.delta

import dev.skiff.model.ManifestDocument
import dev.skiff.model.MediaType
import dev.skiff.name.Digest
import dev.skiff.rig.Cli
import dev.skiff.rig.Handmade
import dev.skiff.rig.RegistryRig
import dev.skiff.rig.Tools
import groovy.json.JsonSlurper
import java.nio.file.Files
import java.nio.file.Path
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir

/**
 * Incremental air-gap bundles against real registries: the site takes an inventory of what it
 * holds, the connected side writes a bundle with every manifest and only the blobs the site lacks,
 * and the site imports it; a site without the base gets the list of what is missing, and no tag.
 */
class DeltaBundleSpec extends Specification {
    @Shared @AutoCleanup RegistryRig source = RegistryRig.start()
    /** The site: a registry of its own for each feature, holding the first release (an import changes it). */
    @AutoCleanup RegistryRig site = RegistryRig.start()
    @Shared @AutoCleanup RegistryRig empty = RegistryRig.start()

    @Shared byte[] base = Handmade.tar('base.txt', 'the base layer, shared')
    @Shared byte[] one = Handmade.tar('one.txt', 'first release')
    @Shared byte[] two = Handmade.tar('two.txt', 'second release')
    @Shared ManifestDocument v1
    @Shared ManifestDocument v2

    @TempDir
    Path work

    static ManifestDocument image(String ref, List<byte[]> layers) {
        def made = new Handmade(ref)
        def descriptors = layers.collect { made.blob(MediaType.OCI_LAYER_GZIP, Handmade.gzip(it)) }
        made.top(made.manifest(MediaType.OCI_MANIFEST, Handmade.config(layers), descriptors))
    }

    def setupSpec() {
        v1 = image("docker://${source.host}/team/app:v1", [base, one])
        v2 = image("docker://${source.host}/team/app:v2", [base, one, two])
    }

    def setup() {
        image("docker://${site.host}/team/app:v1", [base, one])
    }

    static Digest layer(byte[] tar) {
        Digest.sha256(Handmade.gzip(tar))
    }

    static List<String> blobFiles(Path layout) {
        Files.list(layout.resolve('blobs/sha256')).withCloseable { s -> s.collect { 'sha256:' + it.fileName }.sort() }
    }

    Path inventoryOfSite() {
        def file = work.resolve('have.json')
        def run = Cli.run('inventory', '--tls-verify=false', '-o', file.toString(), "docker://${site.host}")
        assert run.exitCode == 0: run.err
        file
    }

    Path deltaBundle(String dest = 'oci', String name = 'bundle') {
        def have = inventoryOfSite()
        def bundle = work.resolve(name)
        def run = Cli.run('sync', '--src', 'docker', '--dest', dest, '--src-tls-verify=false', '--delta-from', have.toString(),
                "${source.host}/team/app", bundle.toString())
        assert run.exitCode == 0: run.out + run.err
        bundle
    }

    def "an inventory of a registry lists each repository's tags with manifest digests, and the blobs they reference"() {
        when:
        def run = Cli.run('inventory', '--tls-verify=false', "docker://${where.replace('SITE', site.host)}")
        def json = new JsonSlurper().parseText(run.out)

        then:
        run.exitCode == 0
        json.skiffInventory == 1
        json.repositories == ['team/app': [v1: v1.digest().toString()]]
        json.manifests == [v1.digest().toString()]
        json.blobs as Set == ([layer(base), layer(one), (v1 as dev.skiff.model.ImageManifest).config().digest()]*.toString()) as Set

        where: 'the whole registry (its catalog) and its one repository'
        where << ['SITE', 'SITE/team/app']
    }

    def "an inventory of an OCI layout and of a dir: tree names their images and blobs"() {
        given:
        def layout = work.resolve('layout')
        def tree = work.resolve('tree')
        assert Cli.run('sync', '--src', 'docker', '--dest', 'oci', '--src-tls-verify=false', "${source.host}/team/app", layout.toString()).exitCode == 0
        assert Cli.run('sync', '--src', 'docker', '--dest', 'dir', '--src-tls-verify=false', "${source.host}/team/app", tree.toString()).exitCode == 0

        when:
        def ofLayout = new JsonSlurper().parseText(Cli.run('inventory', "oci:${layout}").out)
        def ofTree = new JsonSlurper().parseText(Cli.run('inventory', "dir:${tree}").out)

        then: 'the layout: its ref names as repository and tag, every file under blobs/'
        ofLayout.repositories == ['team/app': [v1: v1.digest().toString(), v2: v2.digest().toString()]]
        ofLayout.blobs as Set == blobFiles(layout) as Set

        and: 'the tree: each folder an image, its blobs those its manifest references'
        ofTree.repositories == [app: [v1: v1.digest().toString(), v2: v2.digest().toString()]]
        ofTree.blobs as Set == ([layer(base), layer(one), layer(two)]*.toString()
                + [v1, v2].collect { (it as dev.skiff.model.ImageManifest).config().digest().toString() }) as Set
    }

    def "a delta bundle carries every manifest and only the blobs the site lacks, and says against which inventory"() {
        when:
        def bundle = deltaBundle()
        def index = new JsonSlurper().parse(bundle.resolve('index.json').toFile())

        then: 'two manifests, the new config and the new layer: the base and first release stay behind'
        blobFiles(bundle) == ([v1.digest(), v2.digest(), (v2 as dev.skiff.model.ImageManifest).config().digest(), layer(two)]*.toString()).sort()
        index.manifests*.annotations*.get('org.opencontainers.image.ref.name') as Set == ['team/app:v1', 'team/app:v2'] as Set

        and: 'index.json names the inventory by the digest of its file'
        index.annotations['dev.skiff.delta.inventory'] == Digest.sha256(Files.readAllBytes(work.resolve('have.json'))).toString()
        index.annotations['dev.skiff.delta.inventory.source'] == "docker://${site.host}".toString()
    }

    def "Skiff's own readers take a delta bundle: list-tags, an inventory of it, and verify --deep noting what is left out"() {
        given:
        def bundle = deltaBundle()
        def inventory = Digest.sha256(Files.readAllBytes(work.resolve('have.json'))).toString()

        when:
        def tags = Cli.run('list-tags', "oci:${bundle}")
        def ofBundle = Cli.run('inventory', "oci:${bundle}")
        def deep = Cli.run('verify', '--deep', "oci:${bundle}")

        then:
        new JsonSlurper().parseText(tags.out).Tags as Set == ['team/app:v1', 'team/app:v2'] as Set
        new JsonSlurper().parseText(ofBundle.out).repositories == ['team/app': [v1: v1.digest().toString(), v2: v2.digest().toString()]]
        deep.exitCode == 0
        (deep.out + deep.err).contains("3 blobs are left out of this delta bundle (made against inventory ${inventory})")
    }

    def "the site that holds the rest imports the delta bundle, and skopeo and verify prove the digests"() {
        given:
        def bundle = deltaBundle(dest, 'bundle')

        when:
        def run = Cli.run('sync', '--src', dest, '--dest', 'docker', '--dest-tls-verify=false', bundle.toString(), site.host)

        then:
        run.exitCode == 0
        Tools.skopeo('inspect', '--tls-verify=false', '--format', '{{.Digest}}', "docker://${site.host}/team/app:v2").trim() == v2.digest().toString()
        Tools.skopeo('inspect', '--tls-verify=false', '--format', '{{.Digest}}', "docker://${site.host}/team/app:v1").trim() == v1.digest().toString()
        Cli.run('verify', '--src-tls-verify=false', '--dest-tls-verify=false',
                "docker://${source.host}/team/app:v2", "docker://${site.host}/team/app:v2").exitCode == 0

        where:
        dest << ['oci', 'oci-archive']
    }

    def "importing the delta into a registry without the base stops before any manifest, listing the missing blobs"() {
        given:
        def bundle = deltaBundle()
        def inventory = Digest.sha256(Files.readAllBytes(work.resolve('have.json'))).toString()

        when:
        def run = Cli.run(*command(bundle))

        then: 'the run fails, naming each missing blob once, the inventory, and what to do'
        run.exitCode == 1
        run.err.contains(inventory)
        run.err.contains(layer(base).toString())
        run.err.contains(layer(one).toString())
        !run.err.contains(layer(two).toString())
        run.err.contains(flag)

        and: 'the empty registry has no repository, so no tag'
        Cli.run('catalog', '--tls-verify=false', empty.host).out.trim() == ''

        where:
        command << [
                { Path b -> ['sync', '--src', 'oci', '--dest', 'docker', '--dest-tls-verify=false', b.toString(), empty.host] },
                { Path b -> ['copy', '--dest-tls-verify=false', "oci:${b}:team/app:v2".toString(), "docker://${empty.host}/team/app:v2".toString()] }
        ]
        flag << ['--delta-from', '--dest-creds']
    }

    def "a corrupt inventory is refused before anything is written, naming the file"() {
        given:
        def have = work.resolve('have.json')
        Files.writeString(have, text)
        def bundle = work.resolve('bundle')

        when:
        def run = Cli.run('sync', '--src', 'docker', '--dest', 'oci', '--src-tls-verify=false', '--delta-from', have.toString(),
                "${source.host}/team/app", bundle.toString())

        then:
        run.exitCode == 2
        run.err.contains(have.toString())
        run.err.contains(why)
        run.err.contains('--delta-from')
        !Files.exists(bundle)

        where:
        text                                               | why
        'not json at all'                                  | 'not JSON'
        '{"source": "x"}'                                  | 'no "skiffInventory" version'
        '{"skiffInventory": 1, "blobs": ["sha256:12"]}'    | 'blobs[0] is not a digest'
    }

    def "a mirror plan's deltaFrom writes the same delta bundle; one to a registry is a mistake of the block"() {
        given:
        inventoryOfSite()
        def plan = work.resolve('plan.groovy')
        Files.writeString(plan, """\
            mirror {
                from('${source.host}') { tlsVerify false }
                images 'team/app'
                deltaFrom 'have.json'
                to ${to}
            }
            """.stripIndent())

        when:
        def run = Cli.exec([main: 'dev.skiff.dsl.MirrorCommand', dir: work], plan.toString())

        then:
        run.exitCode == exit
        exit != 0 || blobFiles(work.resolve('bundle')) ==
                ([v1.digest(), v2.digest(), (v2 as dev.skiff.model.ImageManifest).config().digest(), layer(two)]*.toString()).sort()
        exit == 0 || run.err.contains('plan.groovy, line 1: ') && run.err.contains("deltaFrom 'have.json' writes a bundle")

        where:
        to                                              | exit
        "oci('./bundle')"                               | 0
        "registry('127.0.0.1:1') { tlsVerify false }"   | 2
    }
}
