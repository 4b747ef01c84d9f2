package dev.skiff.trust.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;

/** One requirement of a policy scope (containers-policy.json(5)); every requirement of the scope must accept the image. */
public sealed interface PolicyRequirement {
    /** The requirement as a person would name it in an error ("signedBy (GPGKeys /etc/key.gpg)"). */
    String describe();

    record InsecureAcceptAnything() implements PolicyRequirement {
        @Override
        public String describe() {
            return "insecureAcceptAnything";
        }
    }

    record Reject() implements PolicyRequirement {
        @Override
        public String describe() {
            return "reject";
        }
    }

    /**
     * {@code signedBy}: a simple signing signature by one of the keys (from {@code keyPaths}, each
     * resolved against the policy file's directory, or {@code keyData}) whose identity passes
     * {@code signedIdentity}.
     */
    record SignedBy(String keyType, List<Path> keyPaths, byte[] keyData, SignedIdentity signedIdentity)
            implements PolicyRequirement {
        public SignedBy {
            keyPaths = keyPaths == null ? List.of() : List.copyOf(keyPaths);
        }

        @Override
        public String describe() {
            String keys = keyData != null
                    ? "keyData"
                    : keyPaths.size() == 1 ? keyPaths.get(0).toString() : keyPaths.toString();
            return "signedBy (" + keyType + " " + keys + ", signedIdentity " + signedIdentity + ")";
        }
    }

    /**
     * {@code sigstoreSigned}: verified by a {@link SigstoreVerifier} on the class path. {@code raw}
     * is the requirement's JSON object, for fields beyond the key and identity (fulcio, rekor).
     */
    record SigstoreSigned(Path keyPath, byte[] keyData, SignedIdentity signedIdentity, JsonNode raw)
            implements PolicyRequirement {
        @Override
        public String describe() {
            return "sigstoreSigned (" + (keyData != null ? "keyData" : keyPath != null ? keyPath.toString() : "no key")
                    + ", signedIdentity " + signedIdentity + ")";
        }
    }
}
