package org.cabinetgw.modbus.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.cabinetgw.modbus.ModbusEndpoint;
import org.cabinetgw.modbus.ModbusException;
import org.cabinetgw.modbus.ModbusException.Kind;
import org.cabinetgw.modbus.ModbusLine;
import org.cabinetgw.modbus.Table;
import org.cabinetgw.modbus.Transport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Bad answers from a real socket: silence, a dropped connection, garbage, wrong ids, busy devices. */
class HostileServerTest {

    private final ModbusMasterComponent master = new ModbusMasterComponent();

    @AfterEach
    void stop() {
        master.deactivate();
    }

    private ModbusLine line(int port, int retries, Duration pause) {
        return master.open(new ModbusEndpoint(Transport.TCP, "127.0.0.1", port, "", 0, 'N', 1,
                Duration.ofMillis(1000), retries, pause, Duration.ofMillis(100)));
    }

    private static Kind kindOf(ThrowingCall call) {
        try {
            call.run();
        } catch (ModbusException e) {
            return e.kind();
        }
        throw new AssertionError("no ModbusException");
    }

    interface ThrowingCall {
        void run() throws ModbusException;
    }

    @Test
    void aSilentDeviceTimesOutAndTheNextRequestUsesAFreshConnection() throws Exception {
        AtomicBoolean silent = new AtomicBoolean(true);
        try (RawServer server = new RawServer((n, mbap, pdu) -> silent.get() ? null : RawServer.registersAnswer(mbap, pdu));
                ModbusLine line = line(server.port(), 0, Duration.ZERO)) {
            long start = System.nanoTime();
            assertThat(kindOf(() -> line.readRegisters(1, Table.HOLDING_REGISTER, 0, 2))).isEqualTo(Kind.TIMEOUT);
            assertThat((System.nanoTime() - start) / 1_000_000).isBetween(950L, 5_000L);
            silent.set(false);
            Thread.sleep(150); // past the reconnect backoff
            assertThat(line.readRegisters(1, Table.HOLDING_REGISTER, 40, 2)).containsExactly(40, 41);
            assertThat(server.connections.get()).isEqualTo(2);
        }
    }

    @Test
    void failuresReadAsSentencesWithoutTheLibrarysTransactionText() throws Exception {
        try (RawServer server = new RawServer((n, mbap, pdu) -> null);
                ModbusLine line = line(server.port(), 0, Duration.ZERO)) {
            assertThatThrownBy(() -> line.readRegisters(1, Table.HOLDING_REGISTER, 0, 2))
                    .hasMessage("tcp://127.0.0.1:" + server.port() + " unit 1: no answer within 1000 ms");
        }
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (ModbusLine line = line(port, 0, Duration.ZERO)) {
            assertThatThrownBy(() -> line.readRegisters(1, Table.HOLDING_REGISTER, 0, 2))
                    .hasMessage("cannot open tcp://127.0.0.1:" + port + ": connection refused");
            // within the backoff: no countdown that would change the text (and every health reason) per poll;
            // requests in a row see the one sentence or the other, never a third text
            String waiting = "tcp://127.0.0.1:" + port + " is not connected; it is tried again with growing pauses "
                    + "(at most 100 ms)";
            java.util.Set<String> texts = new java.util.HashSet<>();
            for (int i = 0; i < 200 && !texts.contains(waiting); i++) {
                try {
                    line.readRegisters(1, Table.HOLDING_REGISTER, 0, 2);
                } catch (ModbusException e) {
                    texts.add(e.getMessage());
                }
            }
            assertThat(texts).contains(waiting).isSubsetOf(waiting, "cannot open tcp://127.0.0.1:" + port
                    + ": connection refused");
        }
    }

    @Test
    void aConnectionDroppedMidFrameIsAConnectionErrorAndPollingRecovers() throws Exception {
        try (RawServer half = new RawServer(new HalfFrameThenClose());
                ModbusLine line = line(half.port(), 0, Duration.ZERO)) {
            Kind kind = kindOf(() -> line.readRegisters(1, Table.HOLDING_REGISTER, 0, 10));
            assertThat(kind).isIn(Kind.CONNECTION, Kind.MALFORMED);
            Thread.sleep(150);
            assertThat(line.readRegisters(1, Table.HOLDING_REGISTER, 7, 1)).containsExactly(7);
        }
    }

    /** The first answer is cut after its header and the socket closed; later answers are fine. */
    static final class HalfFrameThenClose implements RawServer.Behaviour {
        private final AtomicInteger calls = new AtomicInteger();

        @Override
        public byte[] answer(int n, byte[] mbap, byte[] pdu) {
            byte[] full = RawServer.registersAnswer(mbap, pdu);
            if (calls.incrementAndGet() == 1) {
                throw new RawServer.CutAfter(java.util.Arrays.copyOf(full, 10));
            }
            return full;
        }
    }

    @Test
    void garbageIsMalformedAndDoesNotPoisonTheNextRequest() throws Exception {
        try (RawServer server = new RawServer((n, mbap, pdu) -> n == 1
                ? new byte[] {mbap[0], mbap[1], 0, 0, 0, 5, mbap[6], 0x03, 0x7F, 0x01, 0x02}
                : RawServer.registersAnswer(mbap, pdu));
                ModbusLine line = line(server.port(), 0, Duration.ZERO)) {
            assertThat(kindOf(() -> line.readRegisters(1, Table.HOLDING_REGISTER, 0, 4)))
                    .isIn(Kind.MALFORMED, Kind.CONNECTION, Kind.TIMEOUT);
            Thread.sleep(150);
            assertThat(line.readRegisters(1, Table.HOLDING_REGISTER, 3, 2)).containsExactly(3, 4);
        }
    }

    @Test
    void anAnswerWithTooFewRegistersIsMalformed() throws Exception {
        try (RawServer server = new RawServer((n, mbap, pdu) -> {
            byte[] shortPdu = pdu.clone();
            shortPdu[4] = 1; // answer for one register whatever was asked
            return RawServer.registersAnswer(mbap, shortPdu);
        }); ModbusLine line = line(server.port(), 0, Duration.ZERO)) {
            assertThat(kindOf(() -> line.readRegisters(1, Table.HOLDING_REGISTER, 0, 3))).isEqualTo(Kind.MALFORMED);
        }
    }

    @Test
    void anAnswerWithAnotherFunctionCodeIsMalformed() throws Exception {
        try (RawServer server = new RawServer((n, mbap, pdu) -> {
            byte[] a = RawServer.registersAnswer(mbap, pdu);
            a[7] = 0x04; // input registers answer to a holding registers request
            return a;
        }); ModbusLine line = line(server.port(), 0, Duration.ZERO)) {
            assertThat(kindOf(() -> line.readRegisters(1, Table.HOLDING_REGISTER, 0, 3))).isEqualTo(Kind.MALFORMED);
        }
    }

    @Test
    void aBusyDeviceIsAskedAgainAndOtherExceptionsAreNot() throws Exception {
        try (RawServer server = new RawServer((n, mbap, pdu) -> switch (n) {
            case 1 -> RawServer.exceptionAnswer(mbap, pdu, 6);
            case 2 -> RawServer.registersAnswer(mbap, pdu);
            default -> RawServer.exceptionAnswer(mbap, pdu, 2);
        }); ModbusLine line = line(server.port(), 2, Duration.ZERO)) {
            assertThat(line.readRegisters(1, Table.HOLDING_REGISTER, 9, 1)).containsExactly(9);
            assertThatThrownBy(() -> line.readRegisters(1, Table.HOLDING_REGISTER, 9, 1))
                    .isInstanceOfSatisfying(ModbusException.class, e -> assertThat(e.exceptionCode()).isEqualTo(2));
            assertThat(server.requests.get()).isEqualTo(3); // illegal address was not retried
            assertThat(server.connections.get()).isEqualTo(1); // exceptions keep the connection
        }
    }

    @Test
    void aRetryHidesOneLostAnswer() throws Exception {
        try (RawServer server = new RawServer((n, mbap, pdu) -> n == 1 ? null : RawServer.registersAnswer(mbap, pdu));
                ModbusLine line = line(server.port(), 1, Duration.ZERO)) {
            assertThat(line.readRegisters(1, Table.INPUT_REGISTER, 11, 1)).containsExactly(11);
            assertThat(line.statistics().failures()).isZero();
            assertThat(line.statistics().retries()).as("the hidden fault is counted").isEqualTo(1);
        }
    }

    @Test
    void requestsFromManyThreadsAreSerialisedWithThePauseBetweenThem() throws Exception {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        ConcurrentLinkedQueue<Long> arrivals = new ConcurrentLinkedQueue<>();
        try (RawServer server = new RawServer((n, mbap, pdu) -> {
            arrivals.add(System.nanoTime());
            if (inFlight.incrementAndGet() > 1) {
                overlaps.incrementAndGet();
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            inFlight.decrementAndGet();
            return RawServer.registersAnswer(mbap, pdu);
        })) {
            // two leases on the same address share one line, like two meters behind one RS-485 gateway
            ModbusLine a = line(server.port(), 0, Duration.ofMillis(20));
            ModbusLine b = line(server.port(), 0, Duration.ofMillis(20));
            assertThat(master.lineCount()).isEqualTo(1);
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            List<Throwable> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
            for (ModbusLine l : List.of(a, b, a, b)) {
                Thread t = new Thread(() -> {
                    try {
                        go.await();
                        for (int i = 0; i < 5; i++) {
                            assertThat(l.readRegisters(i + 1, Table.HOLDING_REGISTER, i, 1)).containsExactly(i);
                        }
                    } catch (Throwable e) {
                        errors.add(e);
                    }
                });
                t.start();
                threads.add(t);
            }
            go.countDown();
            for (Thread t : threads) {
                t.join(10_000);
            }
            assertThat(errors).isEmpty();
            assertThat(overlaps.get()).isZero();
            assertThat(server.connections.get()).isEqualTo(1);
            List<Long> times = new ArrayList<>(arrivals);
            assertThat(times).hasSize(20);
            for (int i = 1; i < times.size(); i++) {
                // 20 ms pause after the previous answer, plus the 2 ms the server took
                assertThat((times.get(i) - times.get(i - 1)) / 1_000_000.0).isGreaterThanOrEqualTo(19.0);
            }
            a.close();
            assertThat(master.lineCount()).isEqualTo(1);
            b.close();
            assertThat(master.lineCount()).isZero();
        }
    }

    @Test
    void deactivationClosesLinesAndUnblocksARequestInFlight() throws Exception {
        try (RawServer server = new RawServer((n, mbap, pdu) -> null)) {
            ModbusLine line = master.open(new ModbusEndpoint(Transport.TCP, "127.0.0.1", server.port(), "", 0, 'N',
                    1, Duration.ofSeconds(30), 0, Duration.ZERO, Duration.ofSeconds(1)));
            AtomicInteger kind = new AtomicInteger(-1);
            Thread t = new Thread(() -> kind.set(kindOf(() -> line.readRegisters(1, Table.HOLDING_REGISTER, 0, 1)).ordinal()));
            t.start();
            while (server.requests.get() == 0) {
                Thread.sleep(5);
            }
            long start = System.nanoTime();
            master.deactivate();
            t.join(5_000);
            assertThat(t.isAlive()).isFalse();
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5_000);
            assertThat(Kind.values()[kind.get()]).isIn(Kind.CONNECTION, Kind.MALFORMED, Kind.CLOSED);
            assertThat(kindOf(() -> line.readRegisters(1, Table.HOLDING_REGISTER, 0, 1))).isEqualTo(Kind.CLOSED);
            assertThatThrownBy(() -> master.open(ModbusEndpoint.tcp("127.0.0.1", server.port())))
                    .isInstanceOf(IllegalStateException.class);
        }
    }

    private ModbusLine rtu(int port) {
        return master.open(new ModbusEndpoint(Transport.RTU_OVER_TCP, "127.0.0.1", port, "", 0, 'N', 1,
                Duration.ofMillis(1000), 0, Duration.ZERO, Duration.ofMillis(100)));
    }

    @Test
    void rtuOverTcpFramesCarryACrcTheGatewayAccepts() throws Exception {
        try (RtuServer server = new RtuServer(RtuServer.Mode.GOOD); ModbusLine line = rtu(server.port())) {
            assertThat(line.readRegisters(5, Table.HOLDING_REGISTER, 100, 3)).containsExactly(100, 101, 102);
            line.writeRegister(5, 7, 0xABCD);
            assertThat(server.lastUnit()).isEqualTo(5);
            assertThat(server.badRequests.get()).isZero();
        }
    }

    @Test
    void rtuOverTcpAnswersWithABadCrcOrFromAnotherUnitAreMalformed() throws Exception {
        try (RtuServer server = new RtuServer(RtuServer.Mode.BAD_CRC); ModbusLine line = rtu(server.port())) {
            assertThatThrownBy(() -> line.readRegisters(5, Table.HOLDING_REGISTER, 100, 3))
                    .isInstanceOfSatisfying(ModbusException.class, e -> {
                        assertThat(e.kind()).as(e.getMessage()).isEqualTo(Kind.MALFORMED);
                        assertThat(e.getMessage()).contains("CRC mismatch");
                    });
            server.mode(RtuServer.Mode.WRONG_UNIT);
            Thread.sleep(150); // reconnect backoff
            assertThatThrownBy(() -> line.readRegisters(5, Table.HOLDING_REGISTER, 100, 3))
                    .hasMessageContaining("answer from unit 6, asked unit 5");
            server.mode(RtuServer.Mode.ILLEGAL_ADDRESS);
            Thread.sleep(150);
            assertThatThrownBy(() -> line.readRegisters(5, Table.HOLDING_REGISTER, 100, 3))
                    .isInstanceOfSatisfying(ModbusException.class, e -> assertThat(e.exceptionCode()).isEqualTo(2));
            server.mode(RtuServer.Mode.SILENT);
            assertThatThrownBy(() -> line.readRegisters(5, Table.HOLDING_REGISTER, 100, 3))
                    .isInstanceOfSatisfying(ModbusException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TIMEOUT));
            server.mode(RtuServer.Mode.CUT);
            Thread.sleep(150);
            assertThatThrownBy(() -> line.readRegisters(5, Table.HOLDING_REGISTER, 100, 3))
                    .isInstanceOfSatisfying(ModbusException.class, e -> assertThat(e.kind()).isIn(Kind.CONNECTION, Kind.TIMEOUT));
            server.mode(RtuServer.Mode.GOOD);
            Thread.sleep(150);
            assertThat(line.readRegisters(5, Table.HOLDING_REGISTER, 1, 1)).containsExactly(1);
            assertThatThrownBy(() -> line.readRegisters(0, Table.HOLDING_REGISTER, 1, 1))
                    .hasMessageContaining("unit id 0 is outside 1-247 for RTU");
        }
    }

    @Test
    void crcMatchesTheSpecificationsExample() {
        // Modbus over serial line V1.02, 6.2.2: "02 07" has CRC 0x1241 (sent 41 12)
        assertThat(Crc16.of(new byte[] {0x02, 0x07}, 0, 2)).isEqualTo(0x1241);
    }
}
