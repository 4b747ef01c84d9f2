package dev.skiff.dsl

import dev.skiff.SkiffException
import dev.skiff.model.Platform
import dev.skiff.name.ImageName
import dev.skiff.name.InvalidReferenceException
import dev.skiff.sync.ArchiveFormat
import dev.skiff.sync.FileSelection
import dev.skiff.sync.SyncDestination
import dev.skiff.sync.SyncPlan
import dev.skiff.sync.SyncSource
import dev.skiff.sync.TagSelection
import dev.skiff.trust.ocicrypt.LayerCrypto
import java.nio.file.Path

/**
 * The words of a mirror block. Each {@code images} belongs to the registry of the latest
 * {@code from} before it, unless its name starts with a registry of its own (reached with the
 * settings of a {@code registry(…)} for that host earlier in the plan, else the defaults); a
 * layout, dir or archive source brings all of its images. {@link #build} makes
 * lib's immutable {@link SyncPlan}, which the same runner as {@code sync} executes.
 */
class MirrorSpec {
    static final Map<String, String> WORDS = [
            from     : "from 'registry.host', from('host:port') { tlsVerify false }, from oci('./layout'), from dir('./tree'), from ociArchive('./in.tar'), from dockerArchive('./in.tar') or from containersStorage()",
            images   : "images 'repo:tag', 'repo@sha256:…', 'repo' (every tag), 'host:port/repo:tag' (its own registry), or images('repo') { tags ~/re/ | semver '>=1 <2' }",
            platforms: "platforms 'linux/amd64' (that image alone), platforms 'linux/amd64', 'linux/arm64' (an index of just those) or platforms 'all' (every platform, index kept)",
            to       : "to oci('./out'), to dir('./out'), to ociArchive('./out.tar'), to dockerArchive('./new.tar'), to containersStorage() or to registry('host:port') { … }",
            rename   : "rename { repo -> \"mirror/\${repo}\" } (source repository path to destination path)",
            scoped   : 'scoped true|false (name images by their full source path)',
            parallel : 'parallel N (images copied at once, at least 1)',
            encrypt  : "encrypt 'jwe:/keys/pub.pem' (also pkcs7:CERT, pgp:NAME-OR-EMAIL, provider:NAME; several recipients: encrypt 'jwe:a.pem', 'pgp:b@example.com'; some layers: encrypt 'jwe:a.pem', layers: [-1])",
            decrypt  : "decrypt '/keys/priv.pem' (or '/keys/priv.pem:PASSWORD', a GnuPG secret keyring, 'provider:NAME')",
            policy   : "policy '/path/policy.json' (the signature policy each source image must pass)",
            insecurePolicy: 'insecurePolicy true (accept any image, ignoring policy.json)',
            signBy   : "signBy 'FINGERPRINT' (sign each image written with this GnuPG key)",
            signPassphraseFile: "signPassphraseFile '/path/passphrase' (the signing key's passphrase)",
            signIdentity: "signIdentity 'host/repo:tag' (the name new signatures claim; default: the destination's)",
            removeSignatures: 'removeSignatures true (copy images without their signatures)',
            registriesD: "registriesD '/path/registries.d' (where lookaside signatures are configured)",
            signBySigstoreKey: "signBySigstoreKey 'key.private', passphraseFile: 'pass.txt' (sign each image written with this sigstore private key)",
            keepGoing: 'keepGoing true (go on past a failed image; the run exits 1 at the end if any failed)',
            referrers: 'referrers true (copy each image\'s signatures, SBOMs and attestations with it)',
            referrersTypes: "referrersTypes 'application/spdx+json' (with referrers true, only these artifact types; several: referrersTypes 'a', 'b')",
            deltaFrom: "deltaFrom 'have.json' (an inventory the site took: the bundle, to oci(…) or ociArchive(…), carries every manifest and only the blobs it lacks)",
    ]

    private final MirrorScript script
    private final List<SyncSource> sources = []
    private Place registry
    /** The file source of the latest from (a layout, an archive, a dir tree, a store), which later images select from. */
    private SyncSource file
    private boolean anySource
    private Place target
    private Closure<?> renamer
    private boolean scoped
    private int parallel = SyncPlan.DEFAULT_PARALLEL
    private boolean all
    private boolean keepGoing
    private Platform platform
    private List<Platform> platformList = []
    private final List<String> encryptionKeys = []
    private final List<Integer> encryptLayers = []
    private final List<String> decryptionKeys = []
    private String policyFile
    private boolean insecurePolicy
    private String signBy
    private String signPassphraseFile
    private String signIdentity
    private boolean removeSignatures
    private String registriesD
    private List<dev.skiff.trust.Signer> sigstoreSigners = []
    private boolean referrers
    private List<String> referrersTypes = []
    private dev.skiff.delta.DeltaFrom deltaFrom

    MirrorSpec(MirrorScript script) {
        this.script = script
    }

    void from(String host) {
        from(script.registry(host))
    }

    void from(String host, @DelegatesTo(value = RegistrySpec, strategy = Closure.DELEGATE_FIRST) Closure<?> body) {
        from(script.registry(host, body))
    }

    void from(Place place) {
        anySource = true
        file = null
        switch (place.kind) {
            case Place.Kind.REGISTRY: registry = place; return
            case Place.Kind.OCI: file = new SyncSource.LayoutBundle(Path.of(place.location)); break
            case Place.Kind.OCI_ARCHIVE: file = new SyncSource.Archive(Path.of(place.location), ArchiveFormat.OCI); break
            case Place.Kind.DOCKER_ARCHIVE: file = new SyncSource.Archive(Path.of(place.location), ArchiveFormat.DOCKER); break
            case Place.Kind.CONTAINERS_STORAGE: file = new SyncSource.Store('containers-storage', place.location, null); break
            default: file = new SyncSource.DirTree(Path.of(place.location))
        }
        registry = null
        sources << file
    }

    void images(String... names) {
        if (names.length == 0) {
            throw new PlanException('images without any image', WORDS.images)
        }
        names.each { add(it, TagSelection.all()) }
    }

    void images(String repository, @DelegatesTo(value = ImagesSpec, strategy = Closure.DELEGATE_FIRST) Closure<?> body) {
        def spec = new ImagesSpec()
        script.within(spec, ImagesSpec.WORDS, 'an images block', body)
        add(repository, spec.selection)
    }

    private void add(String image, TagSelection tags) {
        if (file != null) {
            select(image, tags)
            return
        }
        String own = ownRegistry(image)
        if (registry == null && own == null) {
            throw new PlanException("images '${image}' before any registry source", "from 'registry.host' first, then images (or a name with its registry, such as 'quay.io/team/app:1')")
        }
        String text = own != null ? image : "${registry.location}/${image}"
        try {
            def name = ImageName.parseAllowingNoTag(text)
            if ((name.tag() != null || name.digest() != null) && tags != TagSelection.all()) {
                throw new PlanException("images('${image}') names a tag and also selects tags", "a bare repository such as images('${name.repository()}') { … }")
            }
        } catch (InvalidReferenceException | SkiffException e) {
            throw new PlanException("malformed reference '${image}': ${e.message - ~/^invalid image name "[^"]*": /}",
                    "repository[:tag] or repository@sha256:<64 hex>, lowercase, such as 'library/nginx:alpine'")
        }
        def options = own == null || (registry != null && own == ownRegistry(registry.location + '/')) ? registry.options : script.optionsFor(own)
        sources << new SyncSource.Repository(text, tags, options)
        anySource = true
    }

    /**
     * Images of the latest from's file chosen by the names it holds, checked against the file now so
     * a name it lacks fails the plan at this line (naming what it holds); the first selection
     * replaces the whole file as a source.
     */
    private void select(String image, TagSelection tags) {
        def where = FileSelection.describe(file)
        if (image.contains('@')) {
            throw new PlanException("images '${image}' selects by digest from ${where}", "a name the file holds, such as images 'team/web:1.0' or images('team/web') { tags ~/^1\\./ }")
        }
        List<String> held
        try {
            held = FileSelection.held(file, null)
        } catch (IOException | SkiffException e) {
            throw new PlanException("cannot read ${where}: ${e.message}", WORDS.from)
        }
        if (!held.contains(image)) {
            try {
                def name = ImageName.parseAllowingNoTag(image)
                if (name.tag() != null && tags != TagSelection.all()) {
                    throw new PlanException("images('${image}') names a tag and also selects tags", "a bare repository such as images('${image.substring(0, image.lastIndexOf(':'))}') { … }")
                }
            } catch (InvalidReferenceException e) {
                throw new PlanException("malformed reference '${image}': ${e.message - ~/^invalid image name "[^"]*": /}",
                        "repository[:tag], lowercase, as the file names its images, such as 'team/web:1.0'")
            }
        }
        def selection = new SyncSource.Selected(file, image, tags)
        try {
            FileSelection.chosen(held, selection)
        } catch (SkiffException e) {
            throw new PlanException(e.message, "images naming what ${where} holds" + (held ? ", such as images '${held.find { !it.startsWith('@') } ?: held[0]}'" : ''))
        }
        int whole = sources.findLastIndexOf { it.is(file) }
        if (whole >= 0) {
            sources.remove(whole)
        }
        sources << selection
    }

    /**
     * The registry an image names itself, as docker decides: a first path element with a dot, a
     * colon, or {@code localhost} ({@code 127.0.0.1:5001/team/api}); null for a name on the block's registry.
     */
    static String ownRegistry(String image) {
        int slash = image.indexOf('/')
        String first = slash < 0 ? null : image.substring(0, slash)
        first != null && (first.contains('.') || first.contains(':') || first == 'localhost') ? first : null
    }

    void platforms(String... names) {
        if (names.length == 0) {
            throw new PlanException('platforms without any platform', WORDS.platforms)
        }
        if (names.contains('all')) {
            if (names.length > 1) {
                throw new PlanException("platforms ${names.collect { "'$it'" }.join(', ')}: 'all' already takes every platform", WORDS.platforms)
            }
            all = true
            return
        }
        def parsed = names.collect { name ->
            Platform platform
            try {
                platform = Platform.parse(name)
            } catch (RuntimeException e) {
                throw new PlanException("invalid platform '${name}': ${e.message - ~/^invalid platform "[^"]*": /}", WORDS.platforms)
            }
            // a typo (linux/amd65) would otherwise surface only after a registry was asked, as "no such platform"
            def problem = dev.skiff.model.KnownPlatforms.problem(platform)
            if (problem != null) {
                throw new PlanException("invalid platform '${name}': ${problem}", WORDS.platforms)
            }
            platform
        }
        if (parsed.size() == 1) {
            platform = parsed[0]
        } else {
            platformList = parsed
        }
    }

    void to(Place place) {
        if (target != null) {
            throw new PlanException("a second to (${place}) after to ${target}", 'one to per mirror block (write another mirror block for another target)')
        }
        target = place
    }

    void rename(Closure<?> mapping) {
        renamer = mapping
    }

    void keepGoing(boolean value) {
        keepGoing = value
    }

    void scoped(boolean value) {
        scoped = value
    }

    void parallel(int n) {
        if (n < 1) {
            throw new PlanException("parallel ${n}", WORDS.parallel)
        }
        parallel = n
    }

    /** Encrypts layers (ocicrypt) for these recipients, as {@code copy --encryption-key}. */
    void encrypt(String... keys) {
        encrypt([:], keys)
    }

    /** {@code layers: [0, -1]} encrypts just those layers, as {@code copy --encrypt-layer}. */
    void encrypt(Map options, String... keys) {
        if (keys.length == 0) {
            throw new PlanException('encrypt without any key', WORDS.encrypt)
        }
        def unknown = options.keySet() - ['layers']
        if (unknown) {
            throw new PlanException("encrypt with ${unknown.join(', ')}:", WORDS.encrypt)
        }
        encryptionKeys.addAll(keys)
        (options.layers ?: []).each { encryptLayers << (it as Integer) }
    }

    /** Decrypts encrypted layers with these keys, as {@code copy --decryption-key}. */
    void decrypt(String... keys) {
        if (keys.length == 0) {
            throw new PlanException('decrypt without any key', WORDS.decrypt)
        }
        decryptionKeys.addAll(keys)
    }

    void policy(String path) {
        policyFile = path
    }

    void insecurePolicy(boolean value) {
        insecurePolicy = value
    }

    void signBy(String fingerprint) {
        signBy = fingerprint
    }

    void signPassphraseFile(String path) {
        signPassphraseFile = path
    }

    void signIdentity(String name) {
        try {
            ImageName.parseAllowingNoTag(name)
        } catch (dev.skiff.name.InvalidReferenceException e) {
            throw new PlanException("signIdentity '${name}': ${e.message}", WORDS.signIdentity)
        }
        signIdentity = name
    }

    void removeSignatures(boolean value) {
        removeSignatures = value
    }

    void registriesD(String path) {
        registriesD = path
    }

    void signBySigstoreKey(String privateKey) {
        signBySigstoreKey([:], privateKey)
    }

    /** The key is decrypted here, so a wrong passphrase or a missing file fails the plan at this line. */
    void signBySigstoreKey(Map options, String privateKey) {
        def unknown = options.keySet() - ['passphraseFile']
        if (unknown) {
            throw new PlanException("signBySigstoreKey: unknown option ${unknown.join(', ')}", WORDS.signBySigstoreKey)
        }
        if (options.passphraseFile == null) {
            throw new PlanException("signBySigstoreKey '${privateKey}' without passphraseFile: a plan cannot ask for the passphrase", WORDS.signBySigstoreKey)
        }
        try {
            def passphrase = dev.skiff.trust.sigstore.PassphraseFile.read(Path.of(options.passphraseFile as String))
            sigstoreSigners << new dev.skiff.trust.sigstore.SigstoreKeySigner(Path.of(privateKey), passphrase)
        } catch (SkiffException e) {
            throw new PlanException(e.message, WORDS.signBySigstoreKey)
        }
    }

    /** Carries each image's referrers (OCI 1.1 referrers, cosign's tags) with it, as {@code sync --referrers}. */
    void referrers(boolean value) {
        referrers = value
    }

    /** Only referrers of these artifact types, as {@code sync --referrers-type}. */
    void referrersTypes(String... types) {
        if (types.length == 0 || types.any { it == null || it.isBlank() }) {
            throw new PlanException('referrersTypes without a type', WORDS.referrersTypes)
        }
        referrersTypes.addAll(types)
    }

    /** The inventory is read here, so a missing or corrupt file fails the plan at this line. */
    void deltaFrom(String inventory) {
        try {
            deltaFrom = dev.skiff.delta.DeltaFrom.load(Path.of(inventory))
        } catch (SkiffException e) {
            throw new PlanException(e.message, WORDS.deltaFrom)
        }
    }

    /** The trust steps of this block: the policy (read now, so a malformed file fails the plan), signatures kept or dropped, new ones. */
    private dev.skiff.copy.TrustSteps trust() {
        def evaluator
        try {
            evaluator = dev.skiff.trust.policy.PolicyFiles.evaluator(policyFile == null ? null : Path.of(policyFile), insecurePolicy, null)
        } catch (dev.skiff.SkiffException e) {
            throw new PlanException(e.message, WORDS.policy)
        }
        def signers = signBy == null ? [] : [new dev.skiff.trust.gpg.GpgSigner(signBy, signPassphraseFile == null ? null : Path.of(signPassphraseFile))]
        signers.addAll(sigstoreSigners)
        def storage = dev.skiff.transport.SignatureOptions.defaults().withRegistriesD(registriesD == null ? null : Path.of(registriesD))
        new dev.skiff.copy.TrustSteps(evaluator, removeSignatures, signers, signIdentity == null ? null : ImageName.parseAllowingNoTag(signIdentity), storage)
    }

    /** The plan this block describes; a missing from or to is reported at the mirror block's line. */
    SyncPlan build() {
        if (!anySource) {
            throw new PlanException('the mirror block has no from', WORDS.from)
        }
        if (sources.isEmpty()) {
            throw new PlanException("from ${registry} without any images", WORDS.images)
        }
        if (target == null) {
            throw new PlanException('the mirror block has no to', WORDS.to)
        }
        def destination = target.kind == Place.Kind.REGISTRY ? SyncDestination.registry(target.location, target.options)
                : target.kind == Place.Kind.OCI ? SyncDestination.oci(target.location)
                : target.kind == Place.Kind.OCI_ARCHIVE ? SyncDestination.ociArchive(target.location)
                : target.kind == Place.Kind.DOCKER_ARCHIVE ? SyncDestination.dockerArchive(target.location)
                : target.kind == Place.Kind.CONTAINERS_STORAGE ? SyncDestination.store("containers-storage:${target.location}", null)
                : SyncDestination.dir(target.location)
        if (deltaFrom != null && !(target.kind in [Place.Kind.OCI, Place.Kind.OCI_ARCHIVE])) {
            throw new PlanException("deltaFrom '${deltaFrom.file()}' writes a bundle, not to ${target.kind.name().toLowerCase()} ${target.location}", WORDS.deltaFrom)
        }
        def rename = renamer
        SyncPlan.to(destination).sources(sources).scoped(scoped).parallel(parallel).keepGoing(keepGoing).all(all).platform(platform).platforms(platformList)
                .rename(rename == null ? null : { String repo -> rename.call(repo)?.toString() } as java.util.function.UnaryOperator<String>)
                .crypto(crypto())
                .build()
                .withTrust(trust())
                .withReferrers(new dev.skiff.copy.ReferrerOptions(referrers || !referrersTypes.isEmpty(), referrersTypes))
                .withDeltaFrom(deltaFrom)
    }

    private LayerCrypto crypto() {
        try {
            LayerCrypto.of(encryptionKeys, encryptLayers, decryptionKeys)
        } catch (dev.skiff.SkiffException e) {
            throw new PlanException(e.message, decryptionKeys && !encryptionKeys ? WORDS.decrypt : WORDS.encrypt)
        }
    }
}
