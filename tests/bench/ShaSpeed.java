import java.security.MessageDigest;

/**
 * Java's SHA-256 speed on this machine, for the benchmark's "limits" line: the best of a few passes
 * over 64 MiB in 64 KiB updates (MiB/s). Run as `java tests/bench/ShaSpeed.java`; with
 * -XX:TieredStopAtLevel=1 it shows the speed without C2, whose intrinsic the fast path is.
 */
public class ShaSpeed {
    public static void main(String[] args) throws Exception {
        byte[] chunk = new byte[65536];
        new java.util.Random(1).nextBytes(chunk);
        double best = 0;
        for (int pass = 0; pass < 6; pass++) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            long start = System.nanoTime();
            for (int i = 0; i < 1024; i++) {
                sha.update(chunk, 0, chunk.length);
            }
            sha.digest();
            best = Math.max(best, 64 / ((System.nanoTime() - start) / 1e9));
        }
        System.out.println(Math.round(best));
    }
}
