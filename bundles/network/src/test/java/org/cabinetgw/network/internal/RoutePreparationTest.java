package org.cabinetgw.network.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.cabinetgw.network.LinkState;
import org.cabinetgw.network.NetworkEvents;
import org.junit.jupiter.api.Test;

/** Route preparation on its own: when a link's table is installed, retried, re-asserted and removed. */
class RoutePreparationTest {

    /** Records every call; fails {@code prepare} while {@link #failWith} is set. */
    static final class RecordingBackend implements RoutingBackend {
        final List<String> calls = new ArrayList<>();
        String failWith;

        @Override
        public String name() {
            return "recording";
        }

        @Override
        public boolean applies() {
            return true;
        }

        @Override
        public void prepare(LinkRoute route) throws RoutingException {
            calls.add("prepare " + route.link());
            if (failWith != null) {
                throw new RoutingException(failWith);
            }
        }

        @Override
        public void makeDefault(LinkRoute route) {
            calls.add("default " + route.link());
        }

        @Override
        public void remove(LinkRoute route) {
            calls.add("remove " + route.link());
        }
    }

    private final AtomicLong clock = new AtomicLong(10_000);
    private final RecordingBackend backend = new RecordingBackend();
    private final RecordingSink sink = new RecordingSink();
    private final RoutePreparation routes = new RoutePreparation(backend, sink, clock::get);

    private static LinkRoute route(String link, String source) throws Exception {
        return new LinkRoute(link, "eth0", InetAddress.getByName("192.0.2.1"), InetAddress.getByName(source), 101,
                1001);
    }

    @Test
    void preparesANewRouteOnceAndAgainWhenItChanges() throws Exception {
        assertThat(routes.prepareIfNeeded("wired", route("wired", "192.0.2.10"), LinkState.UP)).isTrue();
        assertThat(routes.prepareIfNeeded("wired", route("wired", "192.0.2.10"), LinkState.UP)).isFalse();
        assertThat(routes.prepareIfNeeded("wired", route("wired", "192.0.2.11"), LinkState.UP)).isTrue();
        assertThat(backend.calls).containsExactly("prepare wired", "prepare wired");
    }

    @Test
    void aLinkWithoutRouteIsPreparedAgainWhenItsInterfaceComesBack() throws Exception {
        routes.prepareIfNeeded("wired", route("wired", "192.0.2.10"), LinkState.UP);
        assertThat(routes.prepareIfNeeded("wired", null, LinkState.DOWN)).isFalse();
        assertThat(routes.prepareIfNeeded("wired", route("wired", "192.0.2.10"), LinkState.UP)).isTrue();
        assertThat(backend.calls).containsExactly("prepare wired", "prepare wired");
    }

    @Test
    void aFailureIsReportedOnceAndRetriedNoMoreThanOnceASecond() throws Exception {
        backend.failWith = "RTNETLINK answers: Operation not permitted";
        routes.prepareIfNeeded("wired", route("wired", "192.0.2.10"), LinkState.UP);
        assertThat(routes.failed("wired")).isTrue();
        assertThat(routes.anyError()).contains("RTNETLINK answers: Operation not permitted");
        clock.addAndGet(RoutePreparation.RETRY_MILLIS - 1);
        assertThat(routes.prepareIfNeeded("wired", route("wired", "192.0.2.10"), LinkState.UP)).isFalse();
        clock.addAndGet(1);
        assertThat(routes.prepareIfNeeded("wired", route("wired", "192.0.2.10"), LinkState.UP)).isTrue();
        assertThat(sink.of(NetworkEvents.ROUTING_FAILED)).hasSize(1);
        assertThat(sink.of(NetworkEvents.ROUTING_FAILED).get(0).get(NetworkEvents.REASON))
                .isEqualTo("preparing link wired: RTNETLINK answers: Operation not permitted");

        backend.failWith = null;
        clock.addAndGet(RoutePreparation.RETRY_MILLIS);
        routes.prepareIfNeeded("wired", route("wired", "192.0.2.10"), LinkState.UP);
        assertThat(routes.failed("wired")).isFalse();
        assertThat(routes.anyError()).isEmpty();
    }

    @Test
    void theTableOfALinkThatIsDownIsReassertedEveryFewSeconds() throws Exception {
        routes.prepareIfNeeded("cell", route("cell", "192.0.2.20"), LinkState.DOWN);
        clock.addAndGet(RoutePreparation.REASSERT_DOWN_MILLIS - 1);
        assertThat(routes.prepareIfNeeded("cell", route("cell", "192.0.2.20"), LinkState.DOWN)).isFalse();
        clock.addAndGet(1);
        assertThat(routes.prepareIfNeeded("cell", route("cell", "192.0.2.20"), LinkState.DOWN)).isTrue();
        clock.addAndGet(RoutePreparation.REASSERT_DOWN_MILLIS);
        assertThat(routes.prepareIfNeeded("cell", route("cell", "192.0.2.20"), LinkState.UP)).isFalse();
    }

    @Test
    void removingALinkRemovesWhatWasInstalledEvenWhileItsInterfaceIsDown() throws Exception {
        routes.prepareIfNeeded("wired", route("wired", "192.0.2.10"), LinkState.UP);
        routes.prepareIfNeeded("cell", route("cell", "192.0.2.20"), LinkState.UP);
        routes.prepareIfNeeded("wired", null, LinkState.DOWN);
        routes.remove("wired");
        routes.remove("never-prepared");
        assertThat(backend.calls).containsExactly("prepare wired", "prepare cell", "remove wired");
        routes.removeAll();
        routes.removeAll();
        assertThat(backend.calls).containsExactly("prepare wired", "prepare cell", "remove wired", "remove cell");
    }
}
