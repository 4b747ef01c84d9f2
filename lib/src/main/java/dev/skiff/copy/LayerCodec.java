package dev.skiff.copy;

import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;
import dev.skiff.model.Compression;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/**
 * How one layer's bytes change on the way: from the compression it has to the one it gets, at a
 * level (null: the codec's default). Each direction is a stream read as the source is read, so a
 * layer is rewritten while it is uploaded. zstd is zstd-jni's (the reference C library).
 */
record LayerCodec(Compression from, Compression to, Integer level) {
    /** gzip at the default level, the rewrite a copy always did for uncompressed layers. */
    static final LayerCodec GZIP = new LayerCodec(Compression.NONE, Compression.GZIP, null);

    /** {@code in} (the source's bytes, verified) rewritten. */
    InputStream rewrite(InputStream in) throws IOException {
        InputStream plain = decode(in, from);
        return encode(plain, to, level);
    }

    private static InputStream decode(InputStream in, Compression from) throws IOException {
        return switch (from) {
            case NONE -> in;
            case GZIP -> new GZIPInputStream(in, 64 * 1024);
            case ZSTD -> new ZstdInputStream(in);
        };
    }

    private static InputStream encode(InputStream plain, Compression to, Integer level) throws IOException {
        return switch (to) {
            case NONE -> plain;
            case GZIP ->
                new GzipCompressingInputStream(
                        plain, level == null ? java.util.zip.Deflater.DEFAULT_COMPRESSION : level);
            case ZSTD ->
                new PushedInputStream(plain, out -> {
                    ZstdOutputStream z = new ZstdOutputStream(out, level == null ? 3 : level);
                    z.setChecksum(true);
                    return z;
                });
        };
    }
}
