package dev.skiff.rig

import java.nio.file.Files
import java.nio.file.Path
import java.util.spi.ToolProvider

/**
 * The command line of the JVM that runs a Skiff command under test, as its own process.
 *
 * The suite starts about a thousand of these on two cores, and each spends a third of its CPU
 * loading and verifying classes. So, as ./jbang does for its users, they share a class-data
 * archive: made once per test run from a few training commands, over jars (the JVM archives no
 * classes from directories, and Maven's reactor gives the modules' target/classes). Where the
 * archive cannot be made, commands run without it: slower, never different.
 */
final class CommandJvm {
    /**
     * C1 only, as the short commands run (scripts/jvm/ShortRun.java). The images specs move are small,
     * so C2 would only add its compile threads: with it, a run takes about twice the CPU (2.1 against
     * 1.2 CPU-s for a sample-image), and hundreds of runs share two cores with the specs in parallel.
     */
    static final List<String> OPTIONS = ['-XX:TieredStopAtLevel=1']

    static final String JAVA = Path.of(System.getProperty('java.home'), 'bin', 'java').toString()

    private static List<String> prefix

    /** java, its options and class path, then {@code main}: append the command's arguments. */
    static List<String> command(String main = 'dev.skiff.cli.SkiffCli') {
        prefix() + [main]
    }

    /** The same, quoted for a shell script that appends {@code "$@"} or its own arguments. */
    static String shell(String main = 'dev.skiff.cli.SkiffCli') {
        command(main).collect { "'" + it.replace("'", "'\\''") + "'" }.join(' ')
    }

    private static synchronized List<String> prefix() {
        if (prefix == null) {
            prefix = shared() ?: [JAVA] + OPTIONS + ['-cp', System.getProperty('java.class.path')]
        }
        prefix
    }

    private static List<String> shared() {
        try {
            Path dir = Files.createDirectories(Path.of(System.getProperty('user.dir'), 'target', 'command-jvm'))
            String classPath = jarred(dir)
            Path list = dir.resolve('classes.txt'), archive = dir.resolve('skiff.jsa')
            Files.deleteIfExists(list)
            Files.deleteIfExists(archive)
            Path work = Files.createTempDirectory('skiff-cds-training')
            train(work, classPath, list)
            run(work, [JAVA, '-Xshare:dump', "-XX:SharedClassListFile=${list}", "-XX:SharedArchiveFile=${archive}",
                       '-cp', classPath], dir.resolve('dump.log'))
            work.toFile().deleteDir()
            if (!Files.isRegularFile(archive)) {
                return null
            }
            // -Xlog:disable: an archive that does not match is dropped silently, never printed into a command's output.
            [JAVA] + OPTIONS + ["-XX:SharedArchiveFile=${archive}".toString(), '-Xshare:auto', '-Xlog:disable', '-cp', classPath]
        } catch (Exception e) {
            System.err.println("CommandJvm: running commands without a class-data archive: ${e}")
            null
        }
    }

    /** The class path with each directory replaced by a jar of it. */
    private static String jarred(Path dir) {
        def jar = ToolProvider.findFirst('jar').orElseThrow()
        System.getProperty('java.class.path').split(File.pathSeparator).findAll().withIndex().collect { String entry, int i ->
            Path path = Path.of(entry)
            if (!Files.isDirectory(path)) {
                return entry
            }
            Path jarred = dir.resolve("${i}-${path.parent?.parent?.fileName ?: 'classes'}-${path.fileName}.jar")
            Files.deleteIfExists(jarred)
            if (jar.run(System.out, System.err, 'cf', jarred.toString(), '-C', entry, '.') != 0) {
                throw new IllegalStateException("jar of ${entry} failed")
            }
            jarred.toString()
        }.join(File.pathSeparator)
    }

    /** Commands that load what most specs' commands load: writing, copying and reading layouts, HTTP, the DSL. */
    private static void train(Path work, String classPath, Path list) {
        def trainings = [
                ['dev.skiff.cli.SkiffCli', 'sample-image', "oci:${work}/a:v1"],
                ['dev.skiff.cli.SkiffCli', 'copy', "oci:${work}/a:v1", "oci:${work}/b:v1"],
                ['dev.skiff.cli.SkiffCli', 'inspect', "oci:${work}/b:v1"],
                ['dev.skiff.cli.SkiffCli', 'copy', '--dest-tls-verify=false', '--retry-times=0', "oci:${work}/a:v1", 'docker://127.0.0.1:9/cds/a:v1'],
                ['dev.skiff.dsl.MirrorCommand', write(work.resolve('plan.groovy'), "mirror { from oci('${work}/a'); to oci('${work}/c') }"), '--dry-run'],
        ]
        Set<String> merged = new LinkedHashSet<>()
        trainings.eachWithIndex { List<String> training, int i ->
            Path part = work.resolve("classes-${i}.txt")
            run(work, [JAVA] + OPTIONS + ["-XX:DumpLoadedClassList=${part}".toString(), '-cp', classPath] + training*.toString())
            if (Files.exists(part)) {
                merged.addAll(Files.readAllLines(part).findAll { !it.startsWith('#') }*.replaceFirst(/ id: \d+$/, ''))
            }
        }
        // Each run numbers its classes from 0: the merged list names them only, each once (the JDK's own list does so too).
        Files.write(list, merged)
    }

    private static String write(Path file, String text) {
        Files.writeString(file, text)
        file.toString()
    }

    private static void run(Path dir, List<String> command, Path log = null) {
        def process = new ProcessBuilder(command*.toString()).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log == null ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.to(log.toFile())).start()
        process.outputStream.close()
        process.waitFor()
    }
}
