package dev.skiff.trust.policy;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed policy.json: the default requirements and, per transport, requirements per scope.
 * {@code source} is the file it came from (null for one made in code), named in refusals.
 */
public record Policy(
        Path source, List<PolicyRequirement> defaults, Map<String, Map<String, List<PolicyRequirement>>> transports) {
    public Policy {
        defaults = List.copyOf(defaults);
        Map<String, Map<String, List<PolicyRequirement>>> copy = new LinkedHashMap<>();
        transports.forEach((t, scopes) -> {
            Map<String, List<PolicyRequirement>> s = new LinkedHashMap<>();
            scopes.forEach((k, v) -> s.put(k, List.copyOf(v)));
            copy.put(t, Collections.unmodifiableMap(s));
        });
        transports = Collections.unmodifiableMap(copy);
    }

    /** Accepts any image: what {@code --insecure-policy} means, and what Skiff does when no policy file exists. */
    public static Policy acceptAnything() {
        return new Policy(null, List.of(new PolicyRequirement.InsecureAcceptAnything()), Map.of());
    }

    /** The requirements that apply to an image, and the scope they came from. */
    public record Match(String transport, String scope, List<PolicyRequirement> requirements) {
        /** How a refusal names the scope: {@code default}, {@code docker ""} (the transport's default) or {@code docker "host/repo"}. */
        public String describe() {
            return transport == null ? "default" : transport + " \"" + scope + "\"";
        }
    }
}
