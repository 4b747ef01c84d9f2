package dev.skiff.transport.registry;

import dev.skiff.Side;
import dev.skiff.SkiffException;
import dev.skiff.name.ImageName;
import dev.skiff.registry.SystemRegistries;
import dev.skiff.transport.TransportOptions;
import dev.skiff.transport.TransportSession;
import java.util.ArrayList;
import java.util.List;

/**
 * registries.conf (containers-registries.conf(5)) applied to one reference, as skopeo applies it:
 * a pull tries the registry's mirrors, then its location; a push, a delete or a HEAD goes to the
 * registry the reference names. Each request's registry may be blocked (refused before any request)
 * or insecure (plain HTTP and unverified TLS allowed, unless the user chose with --tls-verify).
 * Explicit credentials and a bearer token given for the named registry are never sent to a mirror
 * on another host; its own auth-file entry is used there.
 */
public final class RegistryEndpoints {
    /** One pull attempt: the image's name there, the options to reach it, or why it is refused. */
    record Attempt(ImageName name, TransportOptions options, boolean mirror, SkiffException refused) {}

    private RegistryEndpoints() {}

    static List<Attempt> pulls(ImageName name, TransportOptions options) {
        SystemRegistries conf = SystemRegistries.load();
        List<Attempt> out = new ArrayList<>();
        for (SystemRegistries.Endpoint e : conf.pullSources(name)) {
            SkiffException refused = null;
            try {
                conf.checkAllowed(e.name(), Side.SOURCE);
            } catch (SkiffException blocked) {
                refused = blocked;
            }
            boolean foreign = !e.name().registry().equals(name.registry());
            boolean insecure = e.insecure() || conf.insecure(e.name());
            out.add(new Attempt(e.name(), derive(options, insecure, foreign), e.mirror(), refused));
        }
        return out;
    }

    /**
     * The options for requests about a whole registry ({@code host[:port]}: login, catalog);
     * throws when registries.conf blocks it.
     */
    public static TransportOptions forRegistry(String registry, TransportOptions options) {
        SystemRegistries conf = SystemRegistries.load();
        conf.checkAllowed(registry, registry, Side.UNKNOWN);
        return derive(options, conf.insecure(registry), false);
    }

    /** The options for requests to {@code name}'s own registry; throws when registries.conf blocks it. */
    static TransportOptions direct(ImageName name, TransportOptions options, Side side) {
        SystemRegistries conf = SystemRegistries.load();
        conf.checkAllowed(name, side);
        return derive(options, conf.insecure(name), false);
    }

    /** The same options object for the same change within a session, so the session's clients are shared. */
    private static TransportOptions derive(TransportOptions options, boolean insecure, boolean foreign) {
        TransportOptions o = options == null ? TransportOptions.defaults() : options;
        boolean relax = insecure && o.tlsVerify() && !o.extras().tlsVerifyGiven();
        if (!relax && !foreign) {
            return o;
        }
        Change change = new Change(o, relax, foreign);
        TransportSession session = o.session();
        return session == null ? change.apply() : session.shared(change, TransportOptions.class, change::apply);
    }

    /** Options told apart by identity (see {@link SessionClients}). */
    private record Change(TransportOptions options, boolean relax, boolean foreign) {
        TransportOptions apply() {
            TransportOptions o = relax ? options.withTlsVerify(false) : options;
            if (!foreign) {
                return o;
            }
            TransportOptions anyHost =
                    o.withCredentials(null).withExtras(o.extras().withRegistryToken(null));
            return o.credentialSource() == null
                    ? anyHost
                    : anyHost.withCredentialSource(o.credentialSource().forOtherHost());
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Change c && c.options == options && c.relax == relax && c.foreign == foreign;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(options) * 4 + (relax ? 2 : 0) + (foreign ? 1 : 0);
        }
    }
}
