package dev.skiff.trust.ocicrypt;

import java.io.InputStream;
import java.util.Map;

/**
 * What one layer's encryption or decryption needs, decided before any byte streams: the layer
 * key and nonce (fresh, or unwrapped from the layer's annotations) and, when encrypting, the
 * wrapped-key annotations for every recipient. {@link #open} puts the cipher on a stream;
 * {@link #annotations} gives the written descriptor's annotations once that stream has ended.
 */
public record LayerCipher(boolean encrypt, CipherOptions options, Map<String, String> keyAnnotations) {
    public LayerCipher {
        keyAnnotations = Map.copyOf(keyAnnotations);
    }

    public LayerCipherStream open(InputStream in, String layer) {
        return encrypt ? LayerCipherStream.encrypting(in, options) : LayerCipherStream.decrypting(in, options, layer);
    }

    /** The written layer's annotations: ocicrypt's added (encrypting) or removed (decrypting). */
    public Map<String, String> annotations(Map<String, String> source, LayerCipherStream finished) {
        if (!encrypt) {
            return OciCrypt.withoutEncryption(source);
        }
        Map<String, String> a = new java.util.TreeMap<>(source); // Go writes annotations sorted
        a.putAll(keyAnnotations);
        a.put(
                OciCrypt.PUBOPTS,
                CipherOptions.b64(options.withHmac(finished.hmac()).publicJson()));
        return a;
    }
}
