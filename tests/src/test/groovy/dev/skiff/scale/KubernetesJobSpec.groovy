package dev.skiff.scale

import dev.skiff.rig.Cli
import dev.skiff.rig.Docs
import dev.skiff.rig.Images
import dev.skiff.rig.RegistryRig
import dev.skiff.rig.Tools
import dev.skiff.sync.SyncYaml
import groovy.json.JsonOutput
import groovy.json.JsonSlurper
import java.nio.file.Files
import java.nio.file.Path
import org.yaml.snakeyaml.Yaml
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir

/**
 * examples/kubernetes/mirror-job.yaml: an Indexed Job whose pods each run one shard of the plan.
 * Its shape is checked as Kubernetes reads it (SnakeYAML), and its command is run as a pod runs it
 * (/bin/sh -c with JOB_COMPLETION_INDEX set), once per index, against real registries.
 */
class KubernetesJobSpec extends Specification {
    static final Path ROOT = Path.of(System.getProperty('user.dir')).parent
    static final Path JOB = ROOT.resolve('examples/kubernetes/mirror-job.yaml')

    @Shared
    List<Map> documents = new Yaml().loadAll(Files.readString(JOB)).findAll { it != null } as List<Map>

    @Shared
    Map job = documents.find { it.kind == 'Job' }

    @Shared
    Map container = job.spec.template.spec.containers[0] as Map

    @TempDir
    Path dir

    def "it is a batch/v1 Indexed Job with as many pods at once as shards"() {
        expect:
        job.apiVersion == 'batch/v1'
        job.spec.completionMode == 'Indexed'
        job.spec.completions == job.spec.parallelism
        job.spec.completions == 3
        job.spec.template.spec.restartPolicy == 'Never'

        and: 'each pod runs shard JOB_COMPLETION_INDEX+1 of as many as there are completions'
        container.command == ['/bin/sh', '-c']
        container.args.size() == 1
        command().contains("--shard \"\$((JOB_COMPLETION_INDEX + 1))/${job.spec.completions}\"")
        command().startsWith('exec skiff sync ')
    }

    def "credentials come from a Secret mounted as auth.json, the plan from a ConfigMap the same file declares"() {
        given:
        def volumes = job.spec.template.spec.volumes.collectEntries { [(it.name): it] }
        def mounts = container.volumeMounts.collectEntries { [(it.name): it.mountPath] }
        def secret = volumes.values().find { it.secret }
        def configMap = volumes.values().find { it.configMap }
        def plan = documents.find { it.kind == 'ConfigMap' && it.metadata.name == configMap.configMap.name }

        expect:
        secret.secret.items*.path == ['auth.json']
        command().contains("--authfile ${mounts[secret.name]}/auth.json ")
        plan != null
        plan.data.keySet().any { command().contains("${mounts[configMap.name]}/${it} ") }

        and: "the ConfigMap's plan is a sync file Skiff reads"
        def file = dir.resolve('sync.yaml')
        Files.writeString(file, plan.data['sync.yaml'] as String)
        SyncYaml.read(file, null)*.repository().contains('registry.example.com/team/web')
    }

    def "docs/scale-out.md documents the command the Job runs, and how to build the image"() {
        given:
        def readme = Docs.text('docs/scale-out.md')

        expect:
        readme.contains(command())
        readme.contains('kubectl apply -f examples/kubernetes/mirror-job.yaml')
        readme.contains('mvn -B -Pcontainer-image -pl dsl -am package -DskipTests jib:buildTar')
        Files.readString(ROOT.resolve('dsl/pom.xml')).contains('<artifactId>jib-maven-plugin</artifactId>')
    }

    def "run as each pod runs it, the Job's command mirrors the whole plan in three disjoint shards"() {
        given: 'a source, a destination that needs the credentials of the Secret, and the plan of the ConfigMap'
        def source = RegistryRig.start()
        def target = RegistryRig.start(user: 'bob', password: 's3cret')
        def repositories = ['team/web', 'team/api', 'team/db', 'tools/cli', 'tools/lint', 'base/alpine']
        Images.single(source.ref('team/web:v1'))
        repositories.drop(1).each {
            Tools.skopeo('copy', '--src-tls-verify=false', '--dest-tls-verify=false', source.ref('team/web:v1'), source.ref("${it}:v1"))
        }
        def secretDir = Files.createDirectories(dir.resolve('secret'))
        def planDir = Files.createDirectories(dir.resolve('plan'))
        Files.writeString(secretDir.resolve('auth.json'), JsonOutput.toJson([auths: [(target.host): [auth: 'bob:s3cret'.bytes.encodeBase64().toString()]]]))
        Files.writeString(planDir.resolve('sync.yaml'), "${source.host}:\n  tls-verify: false\n  images:\n" + repositories.collect { "    ${it}: []\n" }.join(''))
        def script = command().replace('/var/run/skiff', secretDir.toString()).replace('/etc/skiff/plan', planDir.toString())
        def bin = Files.createDirectories(dir.resolve('bin'))
        launcher(bin.resolve('skiff'))

        when: 'one run per index, as Kubernetes starts the pods'
        def runs = (0..<3).collect { index ->
            def p = new ProcessBuilder('/bin/sh', '-c', script)
            p.environment().putAll([JOB_COMPLETION_INDEX: "${index}".toString(), DESTINATION: "${target.host}/mirror".toString(),
                                    PATH: "${bin}:${System.getenv('PATH')}".toString()])
            def process = p.start()
            def out = new ByteArrayOutputStream()
            def err = new ByteArrayOutputStream()
            process.waitForProcessOutput(out, err)
            [exit: process.exitValue(), out: out.toString('UTF-8'), err: err.toString('UTF-8')]
        }
        def summaries = runs.collect { new JsonSlurper().parseText(it.out as String) }

        then: 'each pod ran its own shard, and together they copied every repository once'
        runs.every { it.exit == 0 }
        summaries*.shard*.part == ['1/3', '2/3', '3/3']
        summaries*.images*.destination.flatten().size() == 6
        (summaries*.images*.destination.flatten() as Set).size() == 6
        summaries*.copied.sum() == 6
        repositories.every { repo -> catalog(target).contains("mirror/${repo.tokenize('/').last()}".toString()) }

        cleanup:
        source?.stop()
        target?.stop()
    }

    /** The Job's one command line, as written in the YAML. */
    String command() {
        container.args[0] as String
    }

    /** Stands in for the image's /usr/local/bin/skiff: the same CLI, from the test classpath, to a plain-HTTP registry. */
    static void launcher(Path file) {
        def java = Path.of(System.getProperty('java.home'), 'bin', 'java')
        Files.writeString(file, """\
            #!/bin/sh
            cmd="\$1"; shift
            exec '${java}' ${Cli.JVM_OPTIONS.join(' ')} -cp '${System.getProperty('java.class.path')}' dev.skiff.cli.SkiffCli "\$cmd" --dest-tls-verify=false "\$@"
            """.stripIndent())
        file.toFile().setExecutable(true)
    }

    static List<String> catalog(RegistryRig registry) {
        def c = (HttpURLConnection) new URL("http://${registry.host}/v2/_catalog").openConnection()
        c.setRequestProperty('Authorization', 'Basic ' + "${registry.user}:${registry.password}".bytes.encodeBase64())
        new JsonSlurper().parse(c.inputStream).repositories as List<String>
    }
}
