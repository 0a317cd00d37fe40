package org.cabinetgw.deploy.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

import org.cabinetgw.deploy.CommandRequest;
import org.cabinetgw.deploy.DeployEvents;
import org.cabinetgw.health.Health;
import org.cabinetgw.health.HealthState;
import org.osgi.framework.Version;
import org.osgi.service.deploymentadmin.DeploymentPackage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The packages the runtime ships (see {@link SeedList}), installed on the worker in their order when not
 * installed or installed at a lower version. A higher version (installed from the cloud) is kept: a seed never
 * downgrades. At the same version a seed replaces only what an earlier seed installed with other bytes (a rebuilt
 * jar), never what the cloud installed. A seed version rolled back once is not tried again at every start.
 */
final class SeedInstaller {

    /**
     * The agent's health reason while it installs the packages the gateway ships with: DEGRADED, so that
     * nobody (a benchmark, a test, an operator) takes the gateway for fully up before its capabilities are.
     */
    static final String SEEDING = "installing the packages the gateway ships with";
    private static final Logger LOG = LoggerFactory.getLogger(SeedInstaller.class);

    private final PackageVerifier seedVerifier;
    private final PackageStore store;
    private final InstalledPackages packages;
    private final InstallTransaction transaction;
    private final JobRecorder recorder;
    private final AgentHealth health;

    /**
     * @param seedVerifier the trust in use plus the certificate the runtime ships ({@link #seedTrust}): the seeds
     *                     come from the same jar as that certificate
     */
    SeedInstaller(PackageVerifier seedVerifier, PackageStore store, InstalledPackages packages,
            InstallTransaction transaction, JobRecorder recorder, AgentHealth health) {
        this.seedVerifier = seedVerifier;
        this.store = store;
        this.packages = packages;
        this.transaction = transaction;
        this.recorder = recorder;
        this.health = health;
    }

    /** Checks every seed of the list and queues the installation of those that need it. */
    void start(String listProperty, JobQueue queue) {
        if (listProperty == null || listProperty.isBlank()) {
            return;
        }
        List<SeedList.Seed> seeds;
        try {
            seeds = SeedList.read(Path.of(listProperty.trim()));
        } catch (IOException | RuntimeException e) {
            LOG.error("Cannot read the shipped packages' list {}: {}", listProperty, e.getMessage());
            health.set(HealthState.DEGRADED, "cannot read the shipped packages' list: " + e.getMessage());
            return;
        }
        Health before = health.get();
        if (seeds.stream().noneMatch(seed -> seed(seed, "", true))) {
            return; // every one is installed (a restart): no job, no change of health
        }
        // DEGRADED from here, synchronously: nobody must see the agent UP between its activation and the job
        health.set(HealthState.DEGRADED, SEEDING + ": " + seeds.size() + " to check");
        JobToken token = queue.claim(SEEDING);
        JobToken holder = token != null ? token : new JobToken(SEEDING);
        queue.run(holder, () -> {
            try {
                for (int i = 0; i < seeds.size(); i++) {
                    if (Thread.currentThread().isInterrupted()) {
                        return;
                    }
                    queue.hold(holder);
                    seed(seeds.get(i), SEEDING + ": " + (i + 1) + " of " + seeds.size() + " ("
                            + seeds.get(i).file().getFileName() + ")", false);
                }
                if (health.get().reason().startsWith(SEEDING)) {
                    // all done and none failed: back to what the agent was before (UP, or a trust problem)
                    health.set(before.state(), before.reason());
                    LOG.info("The packages the gateway ships with are installed");
                }
            } catch (RuntimeException e) {
                String incident = InternalFailure.newIncident();
                LOG.error("Installing the shipped packages failed (incident {})", incident, e);
                health.set(HealthState.DEGRADED, "installing the shipped packages failed (incident " + incident + ")");
            }
        });
    }

    /**
     * One seed; {@code progress} is the agent's health reason while it is installed (not when it is kept).
     * With {@code dryRun} nothing is done, logged or reported: the answer is only whether there is work to do
     * (an install, or a refusal to report).
     */
    private boolean seed(SeedList.Seed seed, String progress, boolean dryRun) {
        long t0 = System.nanoTime();
        String name;
        String version;
        try (JarFile jar = new JarFile(seed.file().toFile(), false)) {
            Manifest m = jar.getManifest();
            name = m == null ? null : m.getMainAttributes().getValue("DeploymentPackage-SymbolicName");
            version = m == null ? null : m.getMainAttributes().getValue("DeploymentPackage-Version");
        } catch (IOException e) {
            if (!dryRun) {
                refused(seed, "cannot read it: " + e.getMessage());
            }
            return true;
        }
        if (name == null || version == null) {
            if (!dryRun) {
                refused(seed, "not a deployment package: DeploymentPackage-SymbolicName or -Version missing");
            }
            return true;
        }
        name = name.trim();
        version = version.trim();
        DeploymentPackage installed = packages.get(name);
        Version seedVersion;
        try {
            seedVersion = Version.parseVersion(version);
        } catch (IllegalArgumentException e) {
            if (!dryRun) {
                refused(seed, "DeploymentPackage-Version " + version + " is not a version");
            }
            return true;
        }
        JournalRecord last = lastInstallOf(name);
        if (installed != null) {
            int c = installed.getVersion().compareTo(seedVersion);
            boolean rebuiltSeed = c == 0 && last != null && last.isSeedJob() && !seed.sha256().equals(last.sha256Actual);
            if (c > 0 || (c == 0 && !rebuiltSeed)) {
                if (!dryRun) {
                    LOG.debug("Shipped package {} {}: {} is installed, kept", name, version, installed.getVersion());
                }
                return false;
            }
        }
        if (last != null && last.result == JobResult.ROLLED_BACK && last.isSeedJob()
                && PackageVerifier.sameVersion(String.valueOf(last.version), version) && seed.sha256().equals(last.sha256Actual)) {
            if (!dryRun) {
                LOG.warn("Shipped package {} {} was rolled back before ({}); not tried again", name, version, last.reason);
            }
            return false;
        }
        if (dryRun) {
            return true;
        }
        install(seed, name, version, seedVersion, installed, progress, t0);
        return true;
    }

    private void install(SeedList.Seed seed, String name, String version, Version seedVersion, DeploymentPackage installed,
            String progress, long t0) {
        // DEGRADED while a seed installs, unless an earlier seed failed: its reason must stay visible
        if (health.get().state() == HealthState.UP || health.get().reason().startsWith(SEEDING)) {
            health.set(HealthState.DEGRADED, progress);
        }
        long jobId = System.currentTimeMillis();
        DownloadRequest r = new DownloadRequest(seed.file().toUri(), name, version, jobId, seed.sha256(), true, false);
        CommandRequest origin = new CommandRequest("EXEC", List.of("seed"), "", SeedList.REQUESTER, null);
        JournalRecord rec = JournalRecord.begin(r, origin, "seed");
        rec.uri = seed.file().toUri().toString();
        rec.sha256Expected = seed.sha256();
        recorder.post(DeployEvents.STARTED, Map.of(DeployEvents.JOB_ID, jobId, DeployEvents.PACKAGE, name,
                DeployEvents.VERSION, version, DeployEvents.REQUESTER, SeedList.REQUESTER));
        Path part = store.downloadFile(jobId);
        Path stored;
        try {
            Files.copy(seed.file(), part, StandardCopyOption.REPLACE_EXISTING);
            String actual = sha256(part);
            rec.size = Files.size(part);
            rec.sha256Actual = actual;
            if (!actual.equals(seed.sha256())) {
                throw new PackageVerifier.RefusedException("SHA-256 does not match the seed list: expected " + seed.sha256()
                        + ", the file has " + actual);
            }
            rec.signer = seedVerifier.verify(part, name, version).signer();
            stored = store.keep(part, name, version);
        } catch (IOException | PackageVerifier.RefusedException e) {
            RemoteJobs.deleteQuietly(part);
            String reason = "shipped package " + name + " " + version + " refused: " + e.getMessage();
            LOG.error("{}", reason);
            recorder.fail(rec, r, reason, t0);
            health.set(HealthState.DEGRADED, reason);
            return;
        }
        LOG.info("Installing shipped package {} {} ({})", name, version,
                installed == null ? "not installed" : "installed: " + installed.getVersion());
        transaction.install(stored, r, rec, Requester.NOBODY, t0);
        DeploymentPackage now = packages.get(name);
        if ((now == null || now.getVersion().compareTo(seedVersion) < 0) && health.get().reason().startsWith(SEEDING)) {
            // Refused by Deployment Admin (install() records why, but sets no health for it): without this the
            // loop's end would report the agent UP with a capability missing.
            String reason = "shipped package " + name + " " + version + " is not installed ("
                    + (now == null ? "no version is" : "version " + now.getVersion() + " is") + "); the journal "
                    + recorder.journal().file() + " says why";
            LOG.error("{}", reason);
            health.set(HealthState.DEGRADED, reason);
        }
    }

    /** The trust in use plus the certificates of the runtime's file (the property {@link TrustSource#SHIPPED_PROPERTY}). */
    static Set<Certificate> seedTrust(Set<Certificate> trusted, String shippedProperty) {
        Set<Certificate> all = new HashSet<>(trusted);
        if (shippedProperty != null && !shippedProperty.isBlank()) {
            try {
                all.addAll(TrustSource.loadCertificates(Path.of(shippedProperty.trim())));
            } catch (IOException | GeneralSecurityException e) {
                // reported where it matters: the trust in use (DEGRADED), or a seed refused (DEGRADED, naming it)
                LOG.warn("The runtime's certificate file {} cannot be read for the shipped packages: {}", shippedProperty,
                        e.getMessage());
            }
        }
        return all;
    }

    /** The names of the packages in the seed list (read from each package's manifest); empty without one. */
    static Set<String> shippedPackages(String listProperty) {
        if (listProperty == null || listProperty.isBlank()) {
            return Set.of();
        }
        Set<String> names = new LinkedHashSet<>();
        try {
            for (SeedList.Seed seed : SeedList.read(Path.of(listProperty.trim()))) {
                try (JarFile jar = new JarFile(seed.file().toFile(), false)) {
                    String name = jar.getManifest() == null ? null
                            : jar.getManifest().getMainAttributes().getValue("DeploymentPackage-SymbolicName");
                    if (name != null) {
                        names.add(name.trim());
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // start() reports an unreadable list or package (DEGRADED, naming it)
            LOG.debug("Shipped packages' names not read: {}", e.getMessage(), e);
        }
        return Set.copyOf(names);
    }

    /** The shipped packages (seeds) not installed now, by name. */
    static List<String> gone(Set<String> shipped, InstalledPackages packages) {
        List<String> gone = new ArrayList<>();
        for (String name : shipped) {
            if (packages.get(name) == null) {
                gone.add(name);
            }
        }
        return gone;
    }

    private void refused(SeedList.Seed seed, String why) {
        String reason = "shipped package " + seed.file().getFileName() + ": " + why;
        LOG.error("{}", reason);
        health.set(HealthState.DEGRADED, reason);
    }

    /** The package's last journal record that ends an install, update or rollback, or null. */
    private JournalRecord lastInstallOf(String name) {
        List<JournalRecord> records;
        try {
            records = recorder.journal().read();
        } catch (IOException e) {
            LOG.warn("Could not read {}: {}", recorder.journal().file(), e.getMessage());
            return null;
        }
        JournalRecord last = null;
        for (JournalRecord rec : records) {
            if (name.equals(rec.packageName) && (rec.result == JobResult.INSTALLED || rec.result == JobResult.ROLLED_BACK)) {
                last = rec;
            }
        }
        return last;
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[64 * 1024];
            for (int n; (n = in.read(buf)) > 0;) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
