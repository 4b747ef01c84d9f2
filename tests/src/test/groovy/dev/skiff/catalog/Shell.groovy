package dev.skiff.catalog

import java.nio.file.FileVisitResult
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.Paths
import java.nio.file.SimpleFileVisitor
import java.nio.file.attribute.BasicFileAttributes
import java.util.concurrent.TimeUnit

/**
 * What the catalog and launcher specs share: Maven local repositories made of links (no Skiff jar of
 * the developer's ever read or replaced), processes run with their output in files, and a cleanup
 * that never follows a link.
 */
class Shell {
    static final Path ROOT = Paths.get(System.getProperty('skiff.root', '..')).toAbsolutePath().normalize()

    /** The local repository this build resolves from (tests/pom.xml passes -Dmaven.repo.local on). */
    static Path userRepository() {
        Paths.get(System.getProperty('skiff.m2', "${System.getProperty('user.home')}/.m2/repository"))
    }

    /**
     * A directory laid out as a Maven repository holding everything {@code real} holds except
     * dev/skiff: one link per entry, so it costs nothing and downloads nothing. Maven uses it as a local
     * repository; JBang reads it as a file:// remote repository (the two layouts agree for releases).
     */
    static Path withoutSkiff(Path real, Path shadow) {
        Files.createDirectories(shadow.resolve('dev'))
        real.toFile().listFiles()?.findAll { it.name != 'dev' }?.each { Files.createSymbolicLink(shadow.resolve(it.name), it.toPath()) }
        real.resolve('dev').toFile().listFiles()?.findAll { it.name != 'skiff' }?.each {
            Files.createSymbolicLink(shadow.resolve('dev').resolve(it.name), it.toPath())
        }
        shadow
    }

    static class Run {
        int exit
        String out
        String err
    }

    /** Runs a command in {@code dir} with {@code env} added, stdin from /dev/null, output in files. */
    static Run run(Path dir, Map<String, String> env, List<String> command, Path scratch, int minutes = 10) {
        Path out = Files.createTempFile(scratch, 'out', '.txt')
        Path err = Files.createTempFile(scratch, 'err', '.txt')
        def pb = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File('/dev/null')))
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
        pb.environment().putAll(env)
        def process = pb.start()
        if (!process.waitFor(minutes, TimeUnit.MINUTES)) {
            process.destroyForcibly()
            throw new AssertionError("${command.join(' ')} did not finish in $minutes minutes; stderr:\n${Files.readString(err)}")
        }
        def run = new Run(exit: process.exitValue(), out: Files.readString(out), err: Files.readString(err))
        println "\$ ${command.join(' ')}   (in $dir) -> exit ${run.exit}\n${run.err}"
        run
    }

    /** Deletes a tree without following links: a link is removed, never what it points to. */
    static void deleteTree(Path top) {
        if (top == null || !Files.exists(top)) return
        Files.walkFileTree(top, new SimpleFileVisitor<Path>() {
            @Override
            FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                Files.deleteIfExists(file)
                FileVisitResult.CONTINUE
            }

            @Override
            FileVisitResult visitFileFailed(Path file, IOException e) {
                FileVisitResult.CONTINUE   // removed meanwhile (a background job of the launcher)
            }

            @Override
            FileVisitResult postVisitDirectory(Path dir, IOException e) {
                try {
                    Files.deleteIfExists(dir)
                } catch (IOException ignored) {
                    // a background job of the launcher wrote into it meanwhile: left for the OS's /tmp cleaning
                }
                FileVisitResult.CONTINUE
            }
        })
    }
}
