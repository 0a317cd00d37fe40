package org.cabinetgw.campaign;

/**
 * One fault of the campaign: how to inject it, when the gateway has seen it (from /health, or from what the
 * cloud receives), how long to keep it, how to remove it. Recovery is judged by the runner the same way for
 * every fault: /health back to the baseline's statuses and the producer's numbers flowing again.
 */
record Fault(String name, String needs, Step prepare, Step inject, Seen seen, long holdMillis, boolean holdFromInjection,
        Seen holdUntil, Step remove, Step cleanup, String action, Describe describe, String episode) {

    /** The action column from what the fault recorded, after its removal. */
    interface Describe {
        String text(World w) throws Exception;
    }

    interface Step {
        void run(World w) throws Exception;
    }

    /** A condition on the world and the last /health document (null: the gateway did not answer). */
    interface Seen {
        boolean test(World w, Health h) throws Exception;
    }

    static Builder named(String name) {
        return new Builder(name);
    }

    /** Null when the fault can run here, else why not (root, namespaces, a Debian package, the long campaign). */
    String unavailable(World w) {
        for (String need : needs.split(",")) {
            String why = unavailable(w, need.trim());
            if (why != null) {
                return why;
            }
        }
        return null;
    }

    private static String unavailable(World w, String need) {
        return switch (need) {
        case "root" -> w.queueOnTmpfs ? null : "needs root (a tmpfs mounted for the queue)";
        case "namespaces" -> w.net != null ? null : "needs network namespaces (root, iproute2, socat; not -Dcampaign.namespaces=false)";
        case "long" -> w.longRun ? null : "long campaign only (-Pcampaign, or -Dcampaign.all=1): it takes a minute or more";
        case "libmodbus" -> w.libmodbus != null ? null : "needs gcc and libmodbus-dev (apt-get install libmodbus-dev)";
        case "faketime" -> java.nio.file.Files.isReadable(World.FAKETIME) ? null : "needs libfaketime (apt-get install faketime)";
        default -> null;
        };
    }

    static final class Builder {
        private final String name;
        private String needs = "";
        private Step prepare = w -> { };
        private Step inject;
        private Seen seen;
        private long hold = 2000;
        private boolean holdFromInjection;
        private Seen holdUntil = (w, h) -> true;
        private Step remove = w -> { };
        private Step cleanup = w -> { };
        private String action;
        private Describe describe;
        private String episode;

        private Builder(String name) {
            this.name = name;
        }

        Builder needs(String what) {
            needs = what;
            return this;
        }

        /** Before the clock starts: bring about the state the fault needs (not measured). */
        Builder prepare(Step s) {
            prepare = s;
            return this;
        }

        Builder inject(Step s) {
            inject = s;
            return this;
        }

        Builder seen(Seen s) {
            seen = s;
            return this;
        }

        /** Kept this long after it was seen, and (at most 60 s more) until the condition holds. */
        Builder hold(long millis, Seen until) {
            hold = millis;
            holdUntil = until;
            return this;
        }

        Builder hold(long millis) {
            return hold(millis, (w, h) -> true);
        }

        /**
         * Kept this long from the injection, however long it took to be seen (a frozen gateway is seen only when a
         * /health request times out: a hold from then would freeze it that much longer than its name says).
         */
        Builder holdFromInjection(long millis) {
            hold = millis;
            holdFromInjection = true;
            return this;
        }

        Builder remove(Step s) {
            remove = s;
            return this;
        }

        /** After the row is recorded: undo what {@link #prepare} set up (not measured). */
        Builder cleanup(Step s) {
            cleanup = s;
            return this;
        }

        /** What was done about it when /health does not say (e.g. the supervisor restarting the process). */
        Builder action(String a) {
            action = a;
            return this;
        }

        /** The action column written from what the fault recorded (computed after its removal). */
        Builder describe(Describe d) {
            describe = d;
            return this;
        }

        /**
         * The failover coordinator acts on this fault, so its history must record an episode whose text contains
         * {@code what} (e.g. {@code link wired}), first seen after the injection; the row fails otherwise.
         */
        Builder episode(String what) {
            episode = what;
            return this;
        }

        Fault build() {
            return new Fault(name, needs, prepare, inject, seen, hold, holdFromInjection, holdUntil, remove, cleanup, action, describe, episode);
        }
    }
}
