package dev.skiff.dsl

import dev.skiff.sync.ClientConfig
import dev.skiff.sync.HostsToml
import dev.skiff.sync.RegistriesConf
import dev.skiff.sync.SyncPlan
import java.nio.file.Path

/**
 * Writes the client configuration of a plan's mirror ({@code emit}, {@code --emit-registries-conf},
 * {@code --emit-hosts-toml}) and says what it wrote; what could not be mapped is reported on
 * {@code err}, one line each, never dropped silently.
 */
final class ClientFiles {
    private ClientFiles() {
    }

    static void write(List<SyncPlan> plans, Path registriesConf, Path hostsToml, PrintWriter out, PrintWriter err) {
        if (registriesConf == null && hostsToml == null) {
            return
        }
        def config = ClientConfig.of(plans)
        List<String> notes = new ArrayList<>(config.notes())
        if (registriesConf != null) {
            RegistriesConf.write(config, registriesConf)
            out.println("Wrote ${registriesConf}: ${config.mappings().size()} source repositor${config.mappings().size() == 1 ? 'y' : 'ies'} served by the mirror" +
                    " (podman: CONTAINERS_REGISTRIES_CONF=${registriesConf}, or copy it to /etc/containers/registries.conf.d/)")
        }
        if (hostsToml != null) {
            def result = HostsToml.write(config, hostsToml)
            result.files().each { host, file -> out.println("Wrote ${file} (containerd: config_path = \"${hostsToml}\")") }
            notes.addAll(result.notes())
        }
        notes.each { err.println("Warning: ${it}") }
        out.flush()
        err.flush()
    }
}
