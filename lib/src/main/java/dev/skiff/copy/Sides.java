package dev.skiff.copy;

import dev.skiff.Side;
import dev.skiff.SkiffException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Marks a failure with the side of a copy it came from, on its way out of a call to the source
 * or the destination, so a command can advise the flag of that side ({@code --src-…} or
 * {@code --dest-…}). The nearest caller that knows wins: a failure already marked keeps its side.
 */
public final class Sides {
    private Sides() {}

    /** A call to one side that may fail with an I/O error. */
    @FunctionalInterface
    public interface Call<T> {
        T call() throws IOException;
    }

    /** A call to one side that returns nothing. */
    @FunctionalInterface
    public interface Step {
        void run() throws IOException;
    }

    public static <T> T source(Call<T> call) throws IOException {
        return on(Side.SOURCE, call);
    }

    public static <T> T destination(Call<T> call) throws IOException {
        return on(Side.DESTINATION, call);
    }

    public static void destinationStep(Step step) throws IOException {
        on(Side.DESTINATION, () -> {
            step.run();
            return null;
        });
    }

    static <T> T on(Side side, Call<T> call) throws IOException {
        try {
            return call.call();
        } catch (SkiffException e) {
            throw e.onSide(side);
        }
    }

    /**
     * The source's bytes as the destination reads them: a failure while reading is the source's,
     * though it surfaces inside a destination call.
     */
    static InputStream source(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                return on(Side.SOURCE, super::read);
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return on(Side.SOURCE, () -> super.read(b, off, len));
            }

            @Override
            public long skip(long n) throws IOException {
                return on(Side.SOURCE, () -> super.skip(n));
            }
        };
    }
}
