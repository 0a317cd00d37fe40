package org.cabinetgw.storage.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;

import org.cabinetgw.storage.SyncAction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MdStatParserTest {

    @Test
    void cleanRaid1WithBitmap() {
        MdStat s = Fixtures.mdstat("clean-raid1.txt");
        assertThat(s.personalities()).containsExactly("raid1", "linear", "multipath", "raid0", "raid6", "raid5",
                "raid4", "raid10");
        assertThat(s.unusedDevices()).isEmpty();
        MdArray a = s.arrays().get(0);
        assertThat(s.arrays()).hasSize(1);
        assertThat(a.name()).isEqualTo("md0");
        assertThat(a.active()).isTrue();
        assertThat(a.personality()).isEqualTo("raid1");
        assertThat(a.members()).containsExactly(new MdMember("sdb1", 1, false, false, false, false, false),
                new MdMember("sda1", 0, false, false, false, false, false));
        assertThat(a.blocks()).isEqualTo(1047552);
        assertThat(a.superblock()).isEqualTo("1.2");
        assertThat(a.raidDevices()).isEqualTo(2);
        assertThat(a.workingDevices()).isEqualTo(2);
        assertThat(a.slots()).isEqualTo("UU");
        assertThat(a.missingDevices()).isZero();
        assertThat(a.sync()).isNull();
        assertThat(a.bitmap()).isEqualTo(new MdBitmap(0, 1, 0, 65536L * 1024, ""));
    }

    @Test
    void degradedWithFaultyMember() {
        MdArray a = Fixtures.mdstat("degraded-raid1-faulty.txt").arrays().get(0);
        assertThat(a.members().get(0).faulty()).isTrue();
        assertThat(a.members().get(0).active()).isFalse();
        assertThat(a.workingDevices()).isEqualTo(1);
        assertThat(a.slots()).isEqualTo("U_");
        assertThat(a.missingDevices()).isEqualTo(1);
        assertThat(a.faultyCount()).isEqualTo(1);
    }

    @Test
    void recoveryWithProgressFinishAndSpeed() {
        MdArray a = Fixtures.mdstat("recovery-raid5.txt").arrays().get(0);
        assertThat(a.personality()).isEqualTo("raid5");
        assertThat(a.chunkKiB()).isEqualTo(512);
        assertThat(a.slots()).isEqualTo("UU_");
        assertThat(a.sync()).isEqualTo(new MdSync(SyncAction.RECOVERY, MdSync.Status.RUNNING, 12.6, 132096, 1047552,
                0.8, 18870));
        assertThat(a.bitmap().pagesInUse()).isEqualTo(1);
    }

    @Test
    void resyncOnMetadata090HasNoSuperKeyword() {
        MdArray a = Fixtures.mdstat("resync-raid1-metadata090.txt").arrays().get(0);
        assertThat(a.superblock()).isEmpty();
        assertThat(a.sync().action()).isEqualTo(SyncAction.RESYNC);
        assertThat(a.sync().percent()).isEqualTo(0.4);
        assertThat(a.sync().speedKiBps()).isEqualTo(164051);
    }

    @Test
    void delayedResyncBesideARecovery() {
        MdStat s = Fixtures.mdstat("recovery-and-delayed.txt");
        assertThat(s.arrays()).extracting(MdArray::name).containsExactly("md0", "md1");
        assertThat(s.arrays().get(0).sync().action()).isEqualTo(SyncAction.RECOVERY);
        assertThat(s.arrays().get(0).sync().percent()).isEqualTo(7.8);
        MdSync delayed = s.arrays().get(1).sync();
        assertThat(delayed.status()).isEqualTo(MdSync.Status.DELAYED);
        assertThat(delayed.action()).isEqualTo(SyncAction.RESYNC);
        assertThat(delayed.running()).isFalse();
    }

    @Test
    void pendingResyncOnAutoReadOnlyArray() {
        MdArray a = Fixtures.mdstat("resync-pending-auto-read-only.txt").arrays().get(0);
        assertThat(a.readOnly()).isEqualTo("auto-read-only");
        assertThat(a.personality()).isEqualTo("raid1");
        assertThat(a.sync().status()).isEqualTo(MdSync.Status.PENDING);
    }

    @Test
    void reshapeAndCheck() {
        assertThat(Fixtures.mdstat("reshape-raid5.txt").arrays().get(0).sync().action()).isEqualTo(SyncAction.RESHAPE);
        MdArray check = Fixtures.mdstat("check-raid6.txt").arrays().get(0);
        assertThat(check.personality()).isEqualTo("raid6");
        assertThat(check.sync().action()).isEqualTo(SyncAction.CHECK);
        assertThat(check.sync().percent()).isEqualTo(58.5);
    }

    @Test
    void inactiveArrayHasNoPersonalityAndOnlySpares() {
        MdArray a = Fixtures.mdstat("inactive.txt").arrays().get(0);
        assertThat(a.active()).isFalse();
        assertThat(a.personality()).isEmpty();
        assertThat(a.members()).allMatch(MdMember::spare);
        assertThat(a.blocks()).isEqualTo(3906764976L);
        assertThat(a.raidDevices()).isEqualTo(-1);
    }

    @Test
    void writeMostlySpareJournalAndReplacementFlags() {
        MdStat s = Fixtures.mdstat("member-flags.txt");
        MdArray md0 = s.array("md0").orElseThrow();
        assertThat(md0.members().get(0)).isEqualTo(new MdMember("sdc1", 2, false, false, false, true, false));
        assertThat(md0.members().get(1).writeMostly()).isTrue();
        assertThat(md0.spareCount()).isEqualTo(1);
        MdArray md5 = s.array("md5").orElseThrow();
        assertThat(md5.members().get(0).journal()).isTrue();
        assertThat(md5.members().get(0).active()).isFalse();
        MdArray md6 = s.array("md6").orElseThrow();
        assertThat(md6.members().get(0).replacement()).isTrue();
        assertThat(md6.sync().action()).isEqualTo(SyncAction.RECOVERY);
    }

    @Test
    void personalitiesWithoutRedundancyAndRaid10() {
        MdStat s = Fixtures.mdstat("raid0-linear-raid10.txt");
        MdArray raid0 = s.array("md7").orElseThrow();
        assertThat(raid0.raidDevices()).isEqualTo(-1);
        assertThat(raid0.chunkKiB()).isEqualTo(512);
        assertThat(raid0.missingDevices()).isZero();
        assertThat(s.array("md8").orElseThrow().personality()).isEqualTo("linear");
        MdArray raid10 = s.array("md9").orElseThrow();
        assertThat(raid10.slots()).isEqualTo("UUUU");
        assertThat(raid10.chunkKiB()).isEqualTo(512);
        assertThat(s.unusedDevices()).containsExactly("sdk1", "sdl1");
    }

    @Test
    void failedRaid5() {
        MdArray a = Fixtures.mdstat("failed-raid5.txt").arrays().get(0);
        assertThat(a.missingDevices()).isEqualTo(2);
        assertThat(a.faultyCount()).isEqualTo(2);
    }

    @Test
    void noArraysAtAll() {
        MdStat s = Fixtures.mdstat("no-arrays.txt");
        assertThat(s.personalities()).isEmpty();
        assertThat(s.arrays()).isEmpty();
    }

    @Test
    void externalMetadataContainerAndMember() {
        MdStat s = Fixtures.mdstat("external-imsm.txt");
        assertThat(s.array("md126").orElseThrow().superblock()).isEqualTo("external:/md127/0");
        assertThat(s.array("md127").orElseThrow().superblock()).isEqualTo("external:imsm");
        assertThat(s.array("md127").orElseThrow().active()).isFalse();
    }

    @Test
    void readOnlyWithExternalBitmapFile() {
        MdArray a = Fixtures.mdstat("read-only-bitmap-file.txt").arrays().get(0);
        assertThat(a.readOnly()).isEqualTo("read-only");
        assertThat(a.bitmap()).isEqualTo(new MdBitmap(3, 3, 12, 64 * 1024, "/var/lib/md0-bitmap"));
    }

    @Test
    void windowsLineEndingsAreAccepted() throws Exception {
        String crlf = Fixtures.text("mdstat/recovery-raid5.txt").replace("\n", "\r\n");
        assertThat(MdStatParser.parse(crlf).mdstat().arrays().get(0).sync().percent()).isEqualTo(12.6);
    }

    @Test
    void unknownIndentedLinesAreReportedNotFatal() throws Exception {
        String text = Fixtures.text("mdstat/clean-raid1.txt").replace("      bitmap:",
                "      some future detail 42\n      bitmap:");
        MdStatParser.Result r = MdStatParser.parse(text);
        assertThat(r.ignoredLines()).containsExactly("some future detail 42");
        assertThat(r.mdstat().arrays().get(0).bitmap()).isNotNull();
    }

    // ---- hostile, garbage, truncated input ----

    @ParameterizedTest
    @ValueSource(strings = { "", "   \n\n", "\n" })
    void emptyInputIsRefused(String text) {
        assertThatThrownBy(() -> MdStatParser.parse(text)).isInstanceOf(SourceFormatException.class)
                .hasMessage("mdstat is empty");
    }

    @Test
    void nullIsRefused() {
        assertThatThrownBy(() -> MdStatParser.parse(null)).isInstanceOf(SourceFormatException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = { "clean-raid1.txt", "recovery-and-delayed.txt", "member-flags.txt", "inactive.txt",
            "raid0-linear-raid10.txt", "external-imsm.txt", "broken.txt", "inactive-with-level.txt",
            "other-personalities.txt", "delayed-beside-check.txt" })
    void everyTruncationIsRefused(String fixture) {
        String text = Fixtures.text("mdstat/" + fixture);
        int end = text.lastIndexOf("unused devices");
        for (int cut = 1; cut <= end; cut++) {
            String prefix = text.substring(0, cut);
            if (prefix.isBlank()) {
                continue;
            }
            assertThatThrownBy(() -> MdStatParser.parse(prefix)).as("cut at %d", cut)
                    .isInstanceOf(SourceFormatException.class);
        }
    }

    @Test
    void truncationMessageSaysTruncated() {
        String text = Fixtures.text("mdstat/clean-raid1.txt");
        assertThatThrownBy(() -> MdStatParser.parse(text.substring(0, text.indexOf("bitmap"))))
                .hasMessageContaining("truncated");
    }

    @Test
    void plainTextGarbageIsRefusedWithTheLine() {
        assertThatThrownBy(() -> MdStatParser.parse("<html><body>404</body></html>\n"))
                .isInstanceOf(SourceFormatException.class)
                .hasMessageContaining("line 1").hasMessageContaining("Personalities");
    }

    @Test
    void binaryGarbageIsRefused() {
        Random random = new Random(8);
        for (int i = 0; i < 200; i++) {
            byte[] bytes = new byte[random.nextInt(400) + 1];
            random.nextBytes(bytes);
            String text = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
            assertThatThrownBy(() -> MdStatParser.parse(text)).isInstanceOf(SourceFormatException.class);
        }
    }

    @Test
    void controlCharacterIsNamed() {
        assertThatThrownBy(() -> MdStatParser.parse("Personalities : [raid1]\n\0\nunused devices: <none>\n"))
                .hasMessageContaining("binary").hasMessageContaining("0x0");
    }

    @Test
    void unknownTopLevelLineIsRefused() {
        String text = Fixtures.text("mdstat/clean-raid1.txt").replace("unused devices", "hello world\nunused devices");
        assertThatThrownBy(() -> MdStatParser.parse(text)).hasMessageContaining("'hello world'");
    }

    @Test
    void textAfterTheLastLineIsRefused() {
        String text = Fixtures.text("mdstat/clean-raid1.txt") + "md9 : active raid1 sda[0]\n";
        assertThatThrownBy(() -> MdStatParser.parse(text)).hasMessageContaining("after the final");
    }

    /**
     * A block this parser cannot understand refuses that array alone, naming the line; the other arrays of
     * the file are kept. The fixture gets a healthy neighbour so that is checked each time.
     */
    private static String refusedAlone(String fixture, String from, String to, String array) throws Exception {
        String neighbour = "md99 : active raid1 sdy1[1] sdx1[0]\n      1047552 blocks super 1.2 [2/2] [UU]\n\n";
        String text = Fixtures.text("mdstat/" + fixture).replace(from, to).replace("unused devices",
                neighbour + "unused devices");
        assertThat(text).contains(to);
        MdStatParser.Result r = MdStatParser.parse(text);
        assertThat(r.refused()).extracting(MdStatParser.RefusedArray::name).containsExactly(array);
        assertThat(r.mdstat().arrays()).extracting(MdArray::name).contains("md99").doesNotContain(array);
        return r.refused().get(0).reason();
    }

    @Test
    void hugeNumbersAreRefusedNotOverflowed() throws Exception {
        assertThat(refusedAlone("clean-raid1.txt", "1047552 blocks", "99999999999999999999 blocks", "md0"))
                .contains("line 3").contains("out of range");
    }

    @Test
    void progressAbove100IsRefused() throws Exception {
        assertThat(refusedAlone("recovery-raid5.txt", "12.6%", "912.6%", "md1")).contains("progress");
    }

    @Test
    void mangledProgressLineIsRefused() throws Exception {
        assertThat(refusedAlone("recovery-raid5.txt", "recovery = 12.6%", "recovery = twelve%", "md1"))
                .contains("progress bar").contains("line 4");
    }

    @Test
    void inconsistentSlotMapIsRefused() throws Exception {
        assertThat(refusedAlone("clean-raid1.txt", "[2/2] [UU]", "[2/3] [UU]", "md0")).contains("inconsistent")
                .contains("without a replacement (R) member").contains("line 3");
        assertThat(refusedAlone("clean-raid1.txt", "[2/2] [UU]", "[2/2] [UUU]", "md0")).contains("inconsistent");
        // a replacement explains one more in sync, not two
        assertThat(refusedAlone("replacement-finishing.txt", "[2/3] [UU]", "[2/4] [UU]", "md6"))
                .contains("with 1 replacement(s)");
    }

    @Test
    void malformedMemberAndBitmapAreRefused() throws Exception {
        assertThat(refusedAlone("clean-raid1.txt", "sdb1[1]", "sdb1[x]", "md0")).contains("sdb1[x]").contains("line 2");
        assertThat(refusedAlone("clean-raid1.txt", "0/1 pages", "0/1 sheets", "md0")).contains("bitmap");
    }

    @Test
    void unknownStateOrMissingPersonalityIsRefusedForThatArray() throws Exception {
        assertThat(refusedAlone("clean-raid1.txt", "md0 : active", "md0 : frozen", "md0"))
                .contains("unknown state 'frozen'").contains("line 2");
        assertThat(refusedAlone("clean-raid1.txt", "md0 : active raid1", "md0 : broken", "md0"))
                .contains("without a personality");
        assertThat(refusedAlone("clean-raid1.txt", "md0 : active raid1", "md0 :", "md0")).contains("unknown state");
        assertThat(refusedAlone("clean-raid1.txt", "sda1[0]", "sda1[0] raid5", "md0")).contains("unexpected 'raid5'");
        // with members there is a blocks line: nothing may follow them on the array line
        assertThat(refusedAlone("clean-raid1.txt", "sda1[0]", "sda1[0] super 1.2", "md0")).contains("unexpected 'super'");
        assertThat(refusedAlone("no-members.txt", "super 1.2 [2/0] [__]", "frobbed", "md3")).contains("unexpected 'frobbed'");
        // read-only is printed only for a running array, before its personality
        assertThat(refusedAlone("inactive.txt", "inactive", "inactive (read-only)", "md127")).contains("(read-only)");
    }

    @Test
    void aRefusedArrayLeavesNoIgnoredLinesBehind() throws Exception {
        String text = Fixtures.text("mdstat/clean-raid1.txt").replace("      bitmap:", "      future detail\n      bitmap:")
                .replace("sdb1[1]", "sdb1[x]");
        MdStatParser.Result r = MdStatParser.parse(text);
        assertThat(r.ignoredLines()).isEmpty();
        assertThat(r.refused()).hasSize(1);
    }

    @Test
    void aTopLevelLineThatIsNoArrayStillRefusesTheFile() {
        String text = Fixtures.text("mdstat/clean-raid1.txt").replace("unused devices", "mdadm: no arrays\nunused devices");
        assertThatThrownBy(() -> MdStatParser.parse(text)).hasMessageContaining("line 6")
                .hasMessageContaining("neither an array");
        String named = Fixtures.text("mdstat/clean-raid1.txt").replace("md0 :", "disk0 :");
        assertThatThrownBy(() -> MdStatParser.parse(named)).hasMessageContaining("neither an array");
    }

    @Test
    void duplicateArrayIsRefused() {
        String text = Fixtures.text("mdstat/clean-raid1.txt").replace("unused devices",
                "md0 : active raid1 sdc1[0]\n      100 blocks [1/1] [U]\n\nunused devices");
        assertThatThrownBy(() -> MdStatParser.parse(text)).hasMessageContaining("listed twice");
    }

    @Test
    void indentedLineBeforeAnyArrayIsRefused() {
        assertThatThrownBy(() -> MdStatParser.parse("Personalities : \n      100 blocks\nunused devices: <none>\n"))
                .hasMessageContaining("outside any array");
    }

    @Test
    void veryLongLineIsShortenedInTheMessage() {
        String text = "Personalities : \n" + "x".repeat(100_000) + "\nunused devices: <none>\n";
        assertThatThrownBy(() -> MdStatParser.parse(text)).satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(300));
    }
}
