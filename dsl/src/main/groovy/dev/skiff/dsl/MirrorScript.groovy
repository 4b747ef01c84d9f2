package dev.skiff.dsl

import dev.skiff.sync.SyncPlan
import dev.skiff.transport.TransportOptions
import java.nio.file.Path
import java.util.regex.PatternSyntaxException

/**
 * The base class of every plan file, so a plan needs no imports: {@code mirror { … }} blocks,
 * places ({@code oci}, {@code dir}, {@code ociArchive}, {@code dockerArchive}, {@code registry}) and {@code env}. Evaluating a plan only
 * collects {@link SyncPlan}s; nothing is copied until every block has been read without mistakes.
 */
abstract class MirrorScript extends Script {
    static final Map<String, String> WORDS = [
            mirror       : 'mirror { from …; images …; to … }',
            oci          : "oci('./layout')",
            dir          : "dir('./folder')",
            registry     : "registry('host:port') or registry('host:port') { tlsVerify false; credentials 'u', env('P') }",
            ociArchive   : "ociArchive('./images.tar')",
            dockerArchive: "dockerArchive('./images.tar') (as docker save writes)",
            containersStorage: "containersStorage() (Podman's store) or containersStorage('[vfs@/graphroot+/runroot]')",
            env          : "env('NAME') or env('NAME', 'default')",
            planDir      : 'planDir (the folder holding this plan, as a String)',
            emit         : "emit registriesConf: 'mirror.conf', hostsToml: 'certs.d' (client configuration for the mirror)",
    ]

    /** The transports a plan names with a word of its own (oci:… is oci('…')). */
    static final Map<String, String> PLACE_WORDS = [docker: 'registry', oci: 'oci', dir: 'dir', 'oci-archive': 'ociArchive',
            'docker-archive': 'dockerArchive', 'containers-storage': 'containersStorage']

    /** The plans of the mirror blocks, in order. */
    final List<SyncPlan> plans = []

    /** Where to write the clients' configuration ({@code registriesConf}, {@code hostsToml}), from {@code emit}. */
    final Map<String, String> emits = [:]

    /** {@code emit registriesConf: 'FILE', hostsToml: 'DIR'}: client configuration for the plan's mirror, written after it ran. */
    void emit(Map<String, ?> where) {
        def known = ['registriesConf', 'hostsToml']
        def unknown = (where ?: [:]).keySet().findAll { !(it in known) }
        if (!where || unknown) {
            throw new PlanException(unknown ? "emit ${unknown.join(', ')}:" : 'emit without a file', WORDS.emit)
        }
        where.each { k, v ->
            if (!(v instanceof CharSequence) || !v.toString()) {
                throw new PlanException("emit ${k}: without a path", WORDS.emit)
            }
            emits[k as String] = v.toString()
        }
    }

    /** The settings of each registry host named so far, for images that name their own registry. */
    private final Map<String, TransportOptions> known = [:]

    void mirror(@DelegatesTo(value = MirrorSpec, strategy = Closure.DELEGATE_FIRST) Closure<?> body) {
        def spec = new MirrorSpec(this)
        within(spec, MirrorSpec.WORDS, 'a mirror block', body)
        plans << spec.build()
    }

    Place oci(String layout) {
        new Place(Place.Kind.OCI, nonEmpty('oci', layout), null)
    }

    Place dir(String folder) {
        new Place(Place.Kind.DIR, nonEmpty('dir', folder), null)
    }

    /** A tar of an OCI layout: read by ref name, or written whole (one file, renamed into place when complete). */
    Place ociArchive(String file) {
        new Place(Place.Kind.OCI_ARCHIVE, nonEmpty('ociArchive', file), null)
    }

    /** A docker save tar, read by RepoTags. */
    Place dockerArchive(String file) {
        new Place(Place.Kind.DOCKER_ARCHIVE, nonEmpty('dockerArchive', file), null)
    }

    /** Podman's local store (its default one), reached through Podman's service. */
    Place containersStorage() {
        containersStorage('')
    }

    /** Podman's store given as skopeo writes it, {@code [driver@graphroot+runroot]}; '' for the default store. */
    Place containersStorage(String store) {
        if (store == null || !(store.isEmpty() || (store.startsWith('[') && store.endsWith(']')))) {
            throw new PlanException("containersStorage('${store}')", WORDS.containersStorage)
        }
        dev.skiff.transport.Transports.get('containers-storage').store(store)
        new Place(Place.Kind.CONTAINERS_STORAGE, store, null)
    }

    Place registry(String host) {
        registry(host, {})
    }

    Place registry(String host, @DelegatesTo(value = RegistrySpec, strategy = Closure.DELEGATE_FIRST) Closure<?> body) {
        nonEmpty('registry', host)
        def transport = (host =~ /^([A-Za-z][\w-]*):(?![0-9])/)
        if (transport.find() && host != 'localhost') {
            String name = transport.group(1)
            String rest = host.substring(name.length() + 1).replaceFirst('^//', '')
            def word = PLACE_WORDS[name]
            throw word != null ? new PlanException("'${host}' names the ${name} transport where a registry host was expected", "${word}('${rest}')")
                    : new PlanException("unknown transport '${name}' in '${host}'", "a registry host such as '127.0.0.1:5000', or a place: ${PLACE_WORDS.values().toUnique().collect { it + '(…)' }.join(', ')}")
        }
        if (host.contains('://') || host.contains(' ')) {
            throw new PlanException("malformed registry '${host}'", "a host[:port][/path] without a scheme, such as '127.0.0.1:5000'")
        }
        def spec = new RegistrySpec()
        within(spec, RegistrySpec.WORDS, 'a registry block', body)
        known[host.replaceAll('/.*$', '')] = spec.options
        new Place(Place.Kind.REGISTRY, host.replaceAll('/+$', ''), spec.options)
    }

    /**
     * How to reach a registry an image names itself: the TLS and credential settings of the latest
     * {@code registry(…)} or {@code from(…)} for that host in this plan, else the defaults. Settings
     * are never carried to another host.
     */
    TransportOptions optionsFor(String host) {
        known[host] ?: TransportOptions.defaults()
    }

    String env(String name) {
        def value = System.getenv(name)
        if (value == null) {
            throw new PlanException("the environment variable ${name} is not set", "${name} set before running the plan (export ${name}=…)")
        }
        value
    }

    /** A runbook's setting: the environment variable when set, else {@code fallback}. */
    String env(String name, String fallback) {
        System.getenv(name) ?: fallback
    }

    /** The folder of this plan file (the working directory for a plan given as text). */
    String getPlanDir() {
        binding.hasVariable('planDir') ? binding.getVariable('planDir') : Path.of('').toAbsolutePath().toString()
    }

    private static String nonEmpty(String word, String text) {
        if (!text) {
            throw new PlanException("${word} ${text == null ? 'without a' : 'with an empty'} location", WORDS[word])
        }
        text
    }

    /**
     * Runs a block with {@code delegate} first, turning a word it does not know, a wrong argument
     * or a bad regex into a {@link PlanException} that names the words this kind of block takes.
     */
    void within(Object delegate, Map<String, String> words, String where, Closure<?> body) {
        def block = body.rehydrate(delegate, body.owner, body.thisObject)
        block.resolveStrategy = Closure.DELEGATE_FIRST
        try {
            block.call()
        } catch (MissingMethodException e) {
            throw unknown(e.method, e.arguments as List, words + WORDS, where, e)
        } catch (MissingPropertyException e) {
            throw unknown(e.property, null, words + WORDS, where, e)
        } catch (PatternSyntaxException e) {
            throw ImagesSpec.invalid(e).initCause(e)
        }
    }

    static PlanException unknown(String word, List args, Map<String, String> words, String where, Throwable cause) {
        def e = !words.containsKey(word) ? new PlanException("unknown word '${word}' in ${where}", "one of ${words.keySet().join(', ')}")
                : args == null ? new PlanException("${word} without a value", words[word])
                : new PlanException("wrong argument for ${word}: ${describe(args)}", words[word])
        e.initCause(cause)
        e
    }

    private static String describe(List args) {
        args.isEmpty() ? 'nothing' : args.collect { it == null ? 'null' : "${it.getClass().simpleName} ${it instanceof CharSequence ? "'$it'" : it}" }.join(', ')
    }
}
