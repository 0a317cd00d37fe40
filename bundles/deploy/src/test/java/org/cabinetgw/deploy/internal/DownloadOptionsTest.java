package org.cabinetgw.deploy.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The download options of a DEPLOY-V2 request (Kura's dp.download.block.size, .notify.block.size, .timeout,
 * .block.delay): read by the one request parser, each kept within the agent's own limits. Applied to a real download:
 * {@link DownloaderTest}.
 */
class DownloadOptionsTest {

    private static final String HASH = "SHA256:" + "ab".repeat(32);

    private static DownloadRequest parse(String extra) throws RequestException {
        String json = "{'dp.uri':'https://repo.example/f-2.0.0.dp','dp.name':'org.cabinetgw.feature.power',"
                + "'dp.version':'2.0.0','job.id':42,'dp.download.hash':'" + HASH + "'" + extra + "}";
        return RequestParser.download(json.replace('\'', '"').getBytes(StandardCharsets.UTF_8), false);
    }

    @Test
    void theOptionsAreReadAndAbsentOnesAreNotGiven() throws Exception {
        assertThat(parse("").options()).isEqualTo(DownloadOptions.NONE);
        // what Kapua sends by default (its service puts its notify default into the block size)
        assertThat(parse(",'dp.download.block.size':51200,'dp.download.block.delay':0,'dp.download.timeout':60000")
                .options()).isEqualTo(new DownloadOptions(51200, 0, 60000, 0));
        assertThat(parse(",'dp.download.notify.block.size':4096,'dp.download.block.delay':250").options())
                .isEqualTo(new DownloadOptions(0, 4096, 0, 250));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "dp.download.block.size|-1|must not be negative, was -1",
            "dp.download.notify.block.size|'4096'|must be a number",
            "dp.download.timeout|60000.5|whole number that fits 32 bits",
            "dp.download.block.delay|3000000000|whole number that fits 32 bits",
            "dp.download.block.delay|[1]|a single value" })
    void aMalformedOptionIsRefusedNamingIt(String field, String value, String says) {
        RequestException e = catchThrowableOfType(RequestException.class, () -> parse(",'" + field + "':" + value));
        assertThat(e.field()).isEqualTo(field);
        assertThat(e.getMessage()).startsWith(field).contains(says);
    }

    @Test
    void eachOptionStaysWithinTheAgentsLimits() {
        assertThat(DownloadOptions.NONE.readSize()).isEqualTo(64 * 1024);
        assertThat(new DownloadOptions(1, 0, 0, 0).readSize()).as("a 1-byte block").isEqualTo(1024);
        assertThat(new DownloadOptions(4096, 0, 0, 0).readSize()).isEqualTo(4096);
        assertThat(new DownloadOptions(10_000_000, 0, 0, 0).readSize()).isEqualTo(64 * 1024);

        assertThat(DownloadOptions.NONE.timeout(30_000)).isEqualTo(30_000);
        assertThat(new DownloadOptions(0, 0, 60_000, 0).timeout(30_000)).as("longer than the agent's").isEqualTo(30_000);
        assertThat(new DownloadOptions(0, 0, 5_000, 0).timeout(30_000)).isEqualTo(5_000);
        assertThat(new DownloadOptions(0, 0, 60, 0).timeout(30_000)).as("60: seconds, likely").isEqualTo(1_000);

        assertThat(DownloadOptions.NONE.notifyEvery(1_000_000, 32 << 20)).as("not given: the percent step").isZero();
        assertThat(new DownloadOptions(0, 51_200, 0, 0).notifyEvery(1_000_000, 32 << 20)).isEqualTo(51_200);
        assertThat(new DownloadOptions(0, 1, 0, 0).notifyEvery(1_000_000, 32 << 20)).as("at most 100 a download")
                .isEqualTo(10_000);
        assertThat(new DownloadOptions(0, 1, 0, 0).notifyEvery(-1, 32 << 20)).as("no length: the limit's hundredth")
                .isEqualTo((32 << 20) / 100 + 1);
    }
}
