package dev.skiff.registry;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocketFactory;

/**
 * An SSLSocketFactory whose SSLContext is made when the first TLS socket is: building an OkHttp
 * client needs a factory, and making a context starts Java's TLS stack (hundreds of classes, the
 * security providers, a SecureRandom), which a command that only talks plain HTTP never needs.
 */
final class DeferredSslSocketFactory extends SSLSocketFactory {
    /** Makes the context; may fail as {@link SSLContext#init} does. */
    interface ContextMaker {
        SSLContext make() throws GeneralSecurityException;
    }

    private final ContextMaker maker;
    private volatile SSLSocketFactory made;

    DeferredSslSocketFactory(ContextMaker maker) {
        this.maker = maker;
    }

    private SSLSocketFactory factory() throws IOException {
        SSLSocketFactory f = made;
        if (f == null) {
            synchronized (this) {
                if (made == null) {
                    try {
                        made = maker.make().getSocketFactory();
                    } catch (GeneralSecurityException e) {
                        throw new SSLException("cannot set up TLS: " + e.getMessage(), e);
                    }
                }
                f = made;
            }
        }
        return f;
    }

    private SSLSocketFactory unchecked() {
        try {
            return factory();
        } catch (IOException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return unchecked().getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return unchecked().getSupportedCipherSuites();
    }

    @Override
    public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
        return factory().createSocket(s, host, port, autoClose);
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return factory().createSocket(host, port);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return factory().createSocket(host, port, localHost, localPort);
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return factory().createSocket(host, port);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return factory().createSocket(address, port, localAddress, localPort);
    }
}
