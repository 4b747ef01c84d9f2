package dev.skiff.rig

import com.sun.net.httpserver.HttpExchange
import com.sun.net.httpserver.HttpServer
import groovy.json.JsonOutput

import java.nio.charset.StandardCharsets
import java.nio.file.Files
import java.nio.file.Path
import java.security.KeyFactory
import java.security.PrivateKey
import java.security.Signature
import java.security.cert.CertificateFactory
import java.security.cert.X509Certificate
import java.security.spec.PKCS8EncodedKeySpec
import java.util.concurrent.CopyOnWriteArrayList
import java.util.concurrent.Executors

/**
 * A token service for a real docker-registry's {@code auth: token:}: checks Basic credentials,
 * grants the actions each user may have per repository, and signs real RS256 JWTs with a key
 * whose self-signed certificate (made by openssl) is the registry's {@code rootcertbundle}; the
 * certificate rides in the JWT's {@code x5c} header so the registry can verify the chain.
 *
 * <pre>
 * def issuer = TokenIssuer.start(users: [bob: 's3cret'], grants: [bob: ['team/*': ['pull', 'push']]])
 * def registry = RegistryRig.start(token: issuer)
 * </pre>
 *
 * Every token request is recorded ({@link #requests}): user (null when anonymous), scopes asked.
 * {@code answerWith: 'access_token'} answers in the OAuth2 field instead of {@code token};
 * {@link #expiredTokens} makes the next N tokens already expired, as a registry would see a token
 * that aged in a client's cache.
 */
class TokenIssuer implements AutoCloseable {
    static final String SERVICE = 'skiff-registry'
    static final String ISSUER = 'skiff-test-issuer'

    final Path dir
    final Path certificate
    final Map<String, String> users
    /** user → repository glob ({@code team/*}, {@code *}, or {@code catalog} for registry:catalog:*) → actions */
    final Map<String, Map<String, List<String>>> grants
    final List<Map> requests = new CopyOnWriteArrayList<>()
    final List<String> issued = new CopyOnWriteArrayList<>()
    volatile String answerWith = 'token'
    volatile int expiredTokens = 0
    volatile int expiresIn = 300

    private final HttpServer server
    private final PrivateKey key
    private final X509Certificate cert

    private TokenIssuer(Path dir, Map<String, String> users, Map grants) {
        this.dir = dir
        this.users = users
        this.grants = grants
        this.certificate = dir.resolve('token-cert.pem')
        Path keyFile = dir.resolve('token-key.pem')
        Tools.run(['openssl', 'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile.toString(),
                   '-out', certificate.toString(), '-days', '2', '-subj', '/CN=skiff-test-token-issuer'])
        this.key = KeyFactory.getInstance('RSA').generatePrivate(new PKCS8EncodedKeySpec(pemBody(keyFile, 'PRIVATE KEY')))
        this.cert = (X509Certificate) CertificateFactory.getInstance('X.509').generateCertificate(Files.newInputStream(certificate))
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getByName('127.0.0.1'), 0), 16)
        server.executor = Executors.newFixedThreadPool(4)
        server.createContext('/token') { HttpExchange ex -> handle(ex) }
        server.start()
    }

    static TokenIssuer start(Map options = [:]) {
        new TokenIssuer(Files.createTempDirectory('skiff-token-'), (options.users ?: [:]) as Map<String, String>,
                (options.grants ?: [:]) as Map)
    }

    String getRealm() {
        "http://127.0.0.1:${server.address.port}/token"
    }

    /** The token requests that asked for exactly these scopes (order ignored). */
    List<Map> requestsFor(List<String> scopes) {
        requests.findAll { (it.scopes as List).toSorted() == scopes.toSorted() }
    }

    private void handle(HttpExchange ex) {
        try {
            Map<String, List<String>> query = queryOf(ex.requestURI.rawQuery)
            String user = null
            String header = ex.requestHeaders.getFirst('Authorization')
            if (header != null) {
                if (!header.startsWith('Basic ')) {
                    reply(ex, 401, [errors: [[code: 'UNAUTHORIZED', message: 'basic credentials expected']]])
                    return
                }
                String pair = new String(Base64.decoder.decode(header.substring(6).trim()), StandardCharsets.UTF_8)
                int colon = pair.indexOf(':')
                String name = colon < 0 ? pair : pair.substring(0, colon)
                String password = colon < 0 ? '' : pair.substring(colon + 1)
                if (!users.containsKey(name) || users[name] != password) {
                    requests << [user: name, scopes: query.scope ?: [], service: query.service?.first(), refused: true]
                    reply(ex, 401, [errors: [[code: 'UNAUTHORIZED', message: 'authentication failed']]])
                    return
                }
                user = name
            }
            List<String> scopes = (query.scope ?: []).collectMany { it.split(' ').toList() }.findAll { it }
            requests << [user: user, scopes: scopes, service: query.service?.first(), refused: false]
            List<Map> access = scopes.collect { grant(user, it) }.findAll { it != null }
            long now = System.currentTimeMillis().intdiv(1000)
            boolean expired = false
            synchronized (this) {
                if (expiredTokens > 0) {
                    expiredTokens--
                    expired = true
                }
            }
            // The registry allows 60 s of clock skew: an expired token ends well before that.
            long exp = expired ? now - 600 : now + expiresIn
            Map claims = [iss: ISSUER, sub: user ?: '', aud: SERVICE, exp: exp, nbf: now - 900, iat: now - 900,
                          jti: UUID.randomUUID().toString(), access: access]
            String token = sign(claims)
            issued << token
            reply(ex, 200, [(answerWith): token, expires_in: expiresIn, issued_at: java.time.Instant.now().toString()])
        } catch (Throwable t) {
            reply(ex, 500, [errors: [[code: 'UNKNOWN', message: t.toString()]]])
        }
    }

    private Map grant(String user, String scope) {
        String[] parts = scope.split(':')
        if (parts.length < 3) {
            return null
        }
        String type = parts[0]
        String name = parts[1..-2].join(':')
        List<String> asked = parts[-1].split(',').toList()
        Map<String, List<String>> mine = user == null ? (grants['anonymous'] ?: [:]) : (grants[user] ?: [:])
        List<String> allowed = []
        mine.each { glob, actions ->
            boolean matches = type == 'registry' ? glob == 'catalog' && name == 'catalog'
                    : type == 'repository' && (glob == '*' || glob == name || (glob.endsWith('/*') && name.startsWith(glob[0..-2])))
            if (matches) {
                allowed.addAll(actions)
            }
        }
        List<String> given = asked.findAll { it in allowed || '*' in allowed }
        given ? [type: type, name: name, actions: given] : null
    }

    private String sign(Map claims) {
        Map header = [typ: 'JWT', alg: 'RS256', x5c: [Base64.encoder.encodeToString(cert.encoded)]]
        String signingInput = b64url(JsonOutput.toJson(header).getBytes(StandardCharsets.UTF_8)) + '.' +
                b64url(JsonOutput.toJson(claims).getBytes(StandardCharsets.UTF_8))
        Signature s = Signature.getInstance('SHA256withRSA')
        s.initSign(key)
        s.update(signingInput.getBytes(StandardCharsets.US_ASCII))
        signingInput + '.' + b64url(s.sign())
    }

    private static String b64url(byte[] bytes) {
        Base64.urlEncoder.withoutPadding().encodeToString(bytes)
    }

    private static byte[] pemBody(Path file, String type) {
        String text = Files.readString(file)
        String body = text.substring(text.indexOf("-----BEGIN ${type}-----") + "-----BEGIN ${type}-----".length(),
                text.indexOf("-----END ${type}-----"))
        Base64.mimeDecoder.decode(body)
    }

    private static Map<String, List<String>> queryOf(String raw) {
        Map<String, List<String>> q = [:].withDefault { [] }
        (raw ?: '').split('&').findAll { it }.each {
            int eq = it.indexOf('=')
            String k = URLDecoder.decode(eq < 0 ? it : it.substring(0, eq), 'UTF-8')
            String v = eq < 0 ? '' : URLDecoder.decode(it.substring(eq + 1), 'UTF-8')
            q[k] << v
        }
        new LinkedHashMap<>(q)
    }

    private static void reply(HttpExchange ex, int status, Map body) {
        byte[] bytes = JsonOutput.toJson(body).getBytes(StandardCharsets.UTF_8)
        ex.responseHeaders.set('Content-Type', 'application/json')
        if (status == 401) {
            ex.responseHeaders.set('WWW-Authenticate', 'Basic realm="skiff-test-issuer"')
        }
        ex.sendResponseHeaders(status, bytes.length)
        ex.responseBody.withCloseable { it.write(bytes) }
    }

    void stop() {
        server.stop(0)
        ((java.util.concurrent.ExecutorService) server.executor).shutdownNow()
        dir.toFile().deleteDir()
    }

    @Override
    void close() {
        stop()
    }

    @Override
    String toString() {
        "TokenIssuer[${realm}]"
    }
}
