package dev.bgplab.speaker.config;

import java.nio.file.Path;

/**
 * How the management API protects itself (config {@code api: {tls: {cert, key}, token | token-file}}).
 * On loopback both are optional; bound to any other address both are required (TLS 1.3 and a
 * bearer token on every request). With a token configured, the requests that change the speaker
 * ({@code POST /api/config}, {@code POST /api/soft-reset}) need it even on loopback.
 *
 * @param tlsCert PEM certificate chain (server certificate first), or null for plain HTTP
 * @param tlsKey  PEM PKCS#8 private key of that certificate, or null
 * @param token   the bearer token, or null
 */
public record ApiSecurity(Path tlsCert, Path tlsKey, String token) {
    public static final ApiSecurity NONE = new ApiSecurity(null, null, null);

    public boolean tls() { return tlsCert != null; }

    public boolean hasToken() { return token != null; }

    @Override public String toString() {
        return "ApiSecurity[tls=" + (tls() ? tlsCert : "off") + ", token=" + (hasToken() ? "set" : "none") + "]";
    }
}
