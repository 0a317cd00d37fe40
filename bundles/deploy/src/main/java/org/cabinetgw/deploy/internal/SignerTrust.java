package org.cabinetgw.deploy.internal;

import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.Certificate;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Decides whether the certificate chain a package's signer presents leads to a trusted certificate.
 * The chain is the signer's own claim: only signatures count, never names or the mere presence of a
 * trusted certificate in it (appending the public trusted certificate to an attacker's chain was the
 * bypass this class closes). Two ways to be trusted:
 * <ul>
 * <li>the signing certificate itself is in the trust store (pinning, e.g. the build's self-signed key);</li>
 * <li>the chain validates by PKIX ({@link CertPathValidator}) to a trusted certificate as its anchor: every
 * certificate is signed by the next, intermediates are CAs, names chain.</li>
 * </ul>
 * Validity is judged at the current time, for every certificate used, the trusted one included. A package's
 * signing time is only known from a timestamp authority, which these packages do not carry; the JAR's own
 * entry times are whatever the signer wrote. So a package signed by a key whose certificate has expired is
 * refused, and a release key's certificate must be renewed (and the package signed again) before it expires.
 * Revocation is not checked: a gateway cannot count on reaching a CRL or OCSP server; a compromised key is
 * removed by replacing the trust store.
 */
final class SignerTrust {

    /** The signer's chain does not lead to a trusted certificate; the message says why. */
    static final class UntrustedException extends Exception {
        private static final long serialVersionUID = 1L;

        UntrustedException(String message) {
            super(message);
        }
    }

    private final Set<X509Certificate> trusted = new HashSet<>();
    private final Set<TrustAnchor> anchors = new HashSet<>();
    private final Clock clock;

    SignerTrust(Set<Certificate> certificates, Clock clock) {
        for (Certificate c : certificates) {
            if (c instanceof X509Certificate x) {
                trusted.add(x);
                anchors.add(new TrustAnchor(x, null));
            }
        }
        this.clock = clock;
    }

    /** The signing certificate when {@code chain} is trusted. */
    X509Certificate check(CertPath chain) throws UntrustedException {
        List<X509Certificate> certs = new ArrayList<>();
        for (Certificate c : chain.getCertificates()) {
            if (!(c instanceof X509Certificate x)) {
                throw new UntrustedException("a " + c.getType() + " certificate, not X.509");
            }
            certs.add(x);
        }
        if (certs.isEmpty()) {
            throw new UntrustedException("no certificate");
        }
        X509Certificate leaf = certs.get(0);
        Date now = Date.from(clock.instant());
        if (trusted.contains(leaf)) {
            valid(leaf, now); // pinned: the trust store holds the signing certificate itself
            return leaf;
        }
        if (anchors.isEmpty()) {
            throw new UntrustedException("nothing is trusted");
        }
        // The path up to (not including) the first trusted certificate the signer put in it: PKIX takes the
        // anchor apart from the path. Without one in it, the whole chain, to be anchored by the trust store.
        int end = 0;
        while (end < certs.size() && !trusted.contains(certs.get(end))) {
            end++;
        }
        try {
            PKIXParameters params = new PKIXParameters(anchors);
            params.setRevocationEnabled(false);
            params.setDate(now);
            CertPath path = CertificateFactory.getInstance("X.509").generateCertPath(certs.subList(0, end));
            var result = (java.security.cert.PKIXCertPathValidatorResult) CertPathValidator.getInstance("PKIX")
                    .validate(path, params);
            valid(result.getTrustAnchor().getTrustedCert(), now); // PKIX does not judge the anchor's own dates
            return leaf;
        } catch (CertPathValidatorException e) {
            throw new UntrustedException(reason(e));
        } catch (GeneralSecurityException e) {
            throw new UntrustedException(e.getMessage());
        }
    }

    private static void valid(X509Certificate c, Date now) throws UntrustedException {
        try {
            c.checkValidity(now);
        } catch (CertificateExpiredException e) {
            throw new UntrustedException(c.getSubjectX500Principal().getName() + " expired on " + c.getNotAfter().toInstant());
        } catch (CertificateNotYetValidException e) {
            throw new UntrustedException(c.getSubjectX500Principal().getName() + " is not yet valid (from "
                    + c.getNotBefore().toInstant() + ")");
        }
    }

    private static String reason(CertPathValidatorException e) {
        String subject = "";
        if (e.getCertPath() != null && e.getIndex() >= 0 && e.getIndex() < e.getCertPath().getCertificates().size()
                && e.getCertPath().getCertificates().get(e.getIndex()) instanceof X509Certificate x) {
            subject = x.getSubjectX500Principal().getName() + ": ";
        }
        if (e.getCause() instanceof CertificateExpiredException) {
            return subject + "expired";
        }
        if (e.getCause() instanceof CertificateNotYetValidException) {
            return subject + "not yet valid";
        }
        return subject + e.getMessage();
    }
}
