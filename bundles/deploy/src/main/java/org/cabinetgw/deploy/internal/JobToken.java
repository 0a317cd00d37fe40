package org.cabinetgw.deploy.internal;

/**
 * The one deployment slot's holder: a job, a recovery or the seed installation. An object of its own, so that a
 * job frees the slot only if it still holds it (compared by identity, which two equal label strings are not).
 */
final class JobToken {

    private final String label;

    JobToken(String label) {
        this.label = label;
    }

    /** What a requester told "busy" learns: the package and the job, e.g. {@code a.b (job 7)}. */
    @Override
    public String toString() {
        return label;
    }
}
