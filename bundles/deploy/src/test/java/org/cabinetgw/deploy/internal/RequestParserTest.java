package org.cabinetgw.deploy.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequestParserTest {

    private static final String HASH = "SHA256:" + "ab".repeat(32);

    private static byte[] body(String json) {
        return json.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
    }

    private static String good(String replace, String with) {
        String json = "{'dp.uri':'https://repo.example/f-2.0.0.dp','dp.name':'org.cabinetgw.feature.power',"
                + "'dp.version':'2.0.0','job.id':42,'dp.download.hash':'" + HASH + "','dp.install':true}";
        return replace == null ? json : json.replace(replace, with);
    }

    @Test
    void aCompleteRequestIsRead() throws Exception {
        DownloadRequest r = RequestParser.download(body(good(null, null)), false);
        assertThat(r.uri().toString()).isEqualTo("https://repo.example/f-2.0.0.dp");
        assertThat(r.name()).isEqualTo("org.cabinetgw.feature.power");
        assertThat(r.version()).isEqualTo("2.0.0");
        assertThat(r.jobId()).isEqualTo(42);
        assertThat(r.sha256()).isEqualTo("ab".repeat(32));
        assertThat(r.install()).isTrue();
    }

    @Test
    void installDefaultsToTrueAndTheHashPrefixIsCaseInsensitive() throws Exception {
        DownloadRequest r = RequestParser.download(body(good(",'dp.install':true", "").replace("SHA256:", "sha-256:")), false);
        assertThat(r.install()).isTrue();
        assertThat(r.sha256()).isEqualTo("ab".repeat(32));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "missing uri         | 'dp.uri':'https://repo.example/f-2.0.0.dp',   |                          | dp.uri",
        "plain http          | https://repo                                  | http://repo              | dp.uri",
        "file uri            | https://repo.example/f-2.0.0.dp               | file:///etc/passwd       | dp.uri",
        "credentials in uri  | https://repo.example                          | https://u:p@repo.example | dp.uri",
        "not a uri           | https://repo.example/f-2.0.0.dp               | https://a b              | dp.uri",
        "missing name        | 'dp.name':'org.cabinetgw.feature.power',      |                          | dp.name",
        "name with slash     | org.cabinetgw.feature.power                   | ../../etc                | dp.name",
        "name a number       | 'org.cabinetgw.feature.power'                 | 7                        | dp.name",
        "bad version         | '2.0.0'                                       | '2.x'                    | dp.version",
        "missing hash        | 'dp.download.hash'                            | 'other.hash'             | dp.download.hash",
        "md5 hash            | SHA256:                                       | MD5:                     | dp.download.hash",
        "job id a string     | 42                                            | '42'                     | job.id",
        "job id fraction     | 42                                            | 4.2                      | job.id",
        "job id negative     | 42                                            | -1                       | job.id",
        "job id too large    | 42                                            | 99999999999999999999999  | job.id",
        "install not boolean | 'dp.install':true                             | 'dp.install':'yes'       | dp.install",
        "name an object      | 'org.cabinetgw.feature.power'                 | {'a':1}                  | dp.name",
        "force not boolean   | 'dp.install':true                             | 'dp.force':1             | dp.force",
    })
    void malformedRequestsAreRefusedNamingTheField(String what, String replace, String with, String field) {
        String json = good(replace, with == null ? "" : with);
        RequestException e = catchThrowableOfType(RequestException.class,
                () -> RequestParser.download(body(json), false));
        assertThat(e).as(what + ": " + json).isNotNull();
        assertThat(e.field()).isEqualTo(field);
        assertThat(e.getMessage()).contains(field);
    }

    @Test
    void plainHttpIsAcceptedOnlyWhenAllowed() throws Exception {
        byte[] b = body(good("https://repo", "http://repo"));
        assertThat(RequestParser.download(b, true).uri().getScheme()).isEqualTo("http");
    }

    @Test
    void bodiesThatAreNotAJsonObjectAreRefused() {
        for (String bad : new String[] { "", "[]", "\"text\"", "{", "{'dp.uri':", "\u0000\u0001", "null" }) {
            RequestException e = catchThrowableOfType(RequestException.class,
                    () -> RequestParser.download(body(bad), false));
            assertThat(e).as(bad).isNotNull();
            assertThat(e.field()).isEqualTo("body");
        }
    }

    @Test
    void aHugeBodyIsRefusedWithoutParsing() {
        byte[] huge = new byte[RequestParser.MAX_BODY + 1];
        RequestException e = catchThrowableOfType(RequestException.class, () -> RequestParser.download(huge, false));
        assertThat(e.field()).isEqualTo("body");
        assertThat(e.getMessage()).contains("at most");
    }

    @Test
    void echoedValuesAreShortAndFreeOfControlCharacters() {
        String longName = "x/".repeat(5000) + "\n\r";
        RequestException e = catchThrowableOfType(RequestException.class,
                () -> RequestParser.download(body(good("org.cabinetgw.feature.power", longName)), false));
        assertThat(e.getMessage()).hasSizeLessThan(200).doesNotContain("\n");
    }

    @Test
    void uninstallAndInstallNeedOnlyTheirFields() throws Exception {
        DownloadRequest u = RequestParser.uninstall(body("{'dp.name':'a.b','job.id':1}"));
        assertThat(u.name()).isEqualTo("a.b");
        assertThat(u.force()).isFalse();
        assertThat(RequestParser.uninstall(body("{'dp.name':'a.b','job.id':1,'dp.force':true}")).force()).isTrue();
        DownloadRequest i = RequestParser.installDownloaded(body("{'dp.name':'a.b','dp.version':'1.0.0.SNAPSHOT','job.id':2}"));
        assertThat(i.version()).isEqualTo("1.0.0.SNAPSHOT");
        RequestException e = catchThrowableOfType(RequestException.class,
                () -> RequestParser.uninstall(body("{'job.id':1}")));
        assertThat(e.field()).isEqualTo("dp.name");
    }
}
