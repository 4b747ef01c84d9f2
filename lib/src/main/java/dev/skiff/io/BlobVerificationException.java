package dev.skiff.io;

import java.io.IOException;

/** A blob whose bytes are not what its descriptor promised (size or digest). */
public class BlobVerificationException extends IOException {
    public BlobVerificationException(String message) {
        super(message);
    }
}
