package dev.skiff

import java.nio.file.Files
import java.nio.file.Path
import spock.lang.Shared
import spock.lang.Specification

/**
 * The layering docs/architecture.md draws, checked on the sources: the library knows
 * nothing of the command line, speaks in hints rather than flags, and its engine asks transports
 * what they can do instead of testing their classes.
 */
class LayeringSpec extends Specification {
    @Shared
    Path root = Path.of(System.getProperty('skiff.root', '..')).toAbsolutePath().normalize()

    def "no library source imports picocli or the command line"() {
        expect:
        sources('lib/src/main/java').findAll { it.text =~ /import (static )?(picocli|dev\.skiff\.cli)\./ }*.path == []
    }

    def "the terminal library (JLine) is the command line's alone: the library neither imports nor depends on it"() {
        expect:
        sources('lib/src/main/java').findAll { it.text =~ /import (static )?org\.jline\./ }*.path == []
        !Files.readString(root.resolve('lib/pom.xml')).contains('jline')
    }

    def "the DSL's plan API imports nothing of the command line"() {
        expect:
        sources('dsl/src/main/groovy').findAll { !it.path.endsWith('MirrorCommand.groovy') && it.text.contains('dev.skiff.cli') }*.path == []
    }

    def "no library message names a command-line flag"() {
        when: 'string literals holding --word, other than file modes and other programs\' own command lines'
        def flags = sources('lib/src/main/java').collectMany { f ->
            (f.text =~ /"(?:[^"\\]|\\.)*"/).findAll().findAll { String literal ->
                literal =~ /(^|[\s(`])--[a-z]/ && !literal.contains('podman system service')
            }.collect { "${f.path}: ${it}" }
        }

        then:
        flags == []
    }

    def "sync and copy test no transport's classes, only the capabilities transports declare"() {
        given:
        def concrete = ~/instanceof\s+(dev\.skiff\.transport\.\w+\.)?(DockerReference|OciLayoutReference|OciArchiveReference|DockerArchiveReference|DirReference|DockerDaemonReference|RegistrySource|RegistryDestination|LayoutSource|LayoutDestination|DirSource|DirDestination)\b/

        expect:
        (sources('lib/src/main/java/dev/skiff/sync') + sources('lib/src/main/java/dev/skiff/copy'))
                .findAll { it.text =~ concrete }*.path == []
    }

    def "the registry client opens no socket by hand for a request: every request goes through OkHttp"() {
        given: 'the two files allowed a socket, each for a reason that is not a request'
        def allowed = [
            // A TLS hello on a plain socket, to learn that a port speaks plain HTTP; no HTTP is written.
            'lib/src/main/java/dev/skiff/registry/TlsSniff.java',
            // OkHttp's own TLS sockets, made by the factory it is given once the context exists.
            'lib/src/main/java/dev/skiff/registry/DeferredSslSocketFactory.java',
        ]
        def sockets = sources('lib/src/main/java/dev/skiff/registry').findAll { it.text =~ /new\s+(java\.net\.)?Socket\s*\(|SocketChannel\.open|createSocket\s*\(/ }

        expect:
        sockets*.path.findAll { !(it in allowed) } == []

        and: 'the sniff writes a hello and an empty line, never a request line'
        !(sockets.find { it.path.endsWith('TlsSniff.java') }?.text =~ /"(GET|HEAD|POST|PUT|PATCH|DELETE) /)
    }

    private List<Map> sources(String dir) {
        def base = root.resolve(dir)
        Files.walk(base).withCloseable { s ->
            s.filter { Files.isRegularFile(it) && (it.toString().endsWith('.java') || it.toString().endsWith('.groovy')) }
                    .collect { [path: root.relativize(it).toString(), text: Files.readString(it)] }
        }
    }
}
