/**
 * Start-up: what makes a short command start sooner, kept apart from what the commands do. Here:
 * {@link dev.skiff.cli.startup.Preload} (a head start on a second core). The JVM options each command
 * runs with are in one place too, {@code scripts/jvm/} (JBang's //JAVA_OPTIONS, included by every
 * script), and the remembered launch line and class-data sharing archive are the {@code ./jbang}
 * launcher's.
 */
package dev.skiff.cli.startup;
