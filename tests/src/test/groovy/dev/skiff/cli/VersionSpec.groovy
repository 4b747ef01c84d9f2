package dev.skiff.cli

import dev.skiff.Version
import dev.skiff.dsl.MirrorCommand
import dev.skiff.rig.Cli
import java.nio.file.Files
import java.nio.file.Path
import picocli.CommandLine
import spock.lang.Shared
import spock.lang.Specification

/**
 * One version: the pom's, which Maven writes into the library's dev/skiff/version.properties; every
 * command's --version reads it from there, and the JBang scripts name it in one file only.
 */
class VersionSpec extends Specification {
    /** The project version, as Maven passes it to the tests (tests/pom.xml), not from the resource under test. */
    @Shared String projectVersion = System.getProperty('skiff.version')
    @Shared Path scripts = Path.of(System.getProperty('skiff.root', '..')).toAbsolutePath().normalize().resolve('scripts')

    def "the library reports the project version from its generated resource"() {
        expect:
        projectVersion
        Version.get() == projectVersion
    }

    def "skiff --version, and copy --version run as a user runs it, print the project version"() {
        when:
        def top = Cli.run('--version')
        def copy = Cli.run('copy', '--version')

        then:
        top.exitCode == 0
        top.out.trim() == "skiff ${projectVersion}"
        copy.exitCode == 0
        copy.out.trim() == "skiff ${projectVersion}"
    }

    def "#command --version prints the project version"() {
        expect:
        versionOf(SkiffCli.commandLine(), command) == "skiff ${projectVersion}"

        where:
        command << SkiffCli.commandNames()
    }

    def "mirror --version prints the project version"() {
        expect:
        versionOf(new CommandLine(new MirrorCommand())) == "skiff ${projectVersion}"
    }

    def "the scripts name the version once, in scripts/jvm/SkiffDeps.java, and it is the project version"() {
        given:
        def scriptFiles = Files.list(scripts).withCloseable { it.findAll { it.fileName.toString().endsWith('.java') }.toList() }
        def deps = Files.readAllLines(scripts.resolve('jvm/SkiffDeps.java')).findAll { it.startsWith('//DEPS ') }

        expect:
        deps == ["//DEPS dev.skiff:skiff-parent:${projectVersion}@pom".toString()]

        and: 'the scripts themselves give their Skiff dependency no version and take JVM options from scripts/jvm only'
        scriptFiles.size() == new groovy.json.JsonSlurper().parse(scripts.resolveSibling('jbang-catalog.json').toFile()).aliases.size()
        scriptFiles.every { script ->
            def directives = Files.readAllLines(script).findAll { it.startsWith('//') && !it.startsWith('///') && !it.startsWith('// ') }
            directives.findAll { it.startsWith('//DEPS ') }.every { it ==~ /\/\/DEPS dev\.skiff:skiff-[a-z]+/ } &&
                    directives.count { it ==~ /\/\/SOURCES jvm\/[A-Za-z]+\.java/ } == 1 &&
                    !directives.any { it.startsWith('//JAVA_OPTIONS') || it.startsWith('//RUNTIME_OPTIONS') }
        }
    }

    /** What {@code --version} prints, captured in this JVM (no shared System.out). */
    static String versionOf(CommandLine line, String... before) {
        def out = new StringWriter()
        line.out = new PrintWriter(out)
        int exit = line.execute((before.toList() + ['--version']) as String[])
        assert exit == 0
        out.toString().trim()
    }
}
