package dev.simplepush.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class FormDataTest {

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"application/x-www-form-urlencoded", "application/x-www-form-urlencoded; charset=UTF-8",
        "APPLICATION/X-WWW-FORM-URLENCODED", "Application/X-Www-Form-Urlencoded;charset=utf-8", " application/x-www-form-urlencoded ",
        "   "})
    void noContentTypeOrTheFormTypeInAnyCaseWithAnyParametersIsAForm(String contentType) {
        assertThat(FormData.isForm(contentType)).isTrue();
        assertThat(FormData.of(contentType, null, bytes("version=12")).first("version")).isEqualTo("12");
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/plain", "application/json", "multipart/form-data; boundary=x",
        "application/x-www-form-urlencodedx", "x-www-form-urlencoded"})
    void anyOtherContentTypeIgnoresTheBody(String contentType) {
        assertThat(FormData.isForm(contentType)).isFalse();
        assertThat(FormData.of(contentType, null, bytes("version=12")).first("version")).isNull();
    }

    @Test
    void theQueryStringStillCountsWhenTheBodyIsIgnored() {
        assertThat(FormData.of("text/plain", "version=7", bytes("version=12")).first("version")).isEqualTo("7");
    }

    @Test
    void percentEscapesAreUtf8BytesAndPlusIsASpace() {
        FormData form = FormData.of(null, null, bytes("data=caf%C3%A9+au+lait%21&x=%2B5"));
        assertThat(form.first("data")).isEqualTo("café au lait!");
        assertThat(form.first("x")).isEqualTo("+5");
    }

    @Test
    void escapedNamesAreDecodedToo() {
        assertThat(FormData.of(null, null, bytes("vers%69on=3")).first("version")).isEqualTo("3");
    }

    @Test
    void theBodyWinsOverTheQueryString() {
        FormData form = FormData.of(null, "version=1&data=query", bytes("version=2"));
        assertThat(form.first("version")).isEqualTo("2");
        assertThat(form.first("data")).isEqualTo("query");
    }

    @Test
    void anEmptyBodyValueStillWinsOverTheQueryString() {
        assertThat(FormData.of(null, "version=1", bytes("version=")).first("version")).isEmpty();
    }

    @Test
    void theFirstOfRepeatedFieldsWins() {
        assertThat(FormData.of(null, null, bytes("version=1&version=2")).first("version")).isEqualTo("1");
    }

    @Test
    void aFieldWithoutEqualsSignIsEmptyAndAbsentFieldsAreNull() {
        FormData form = FormData.of(null, null, bytes("version&&data=x"));
        assertThat(form.first("version")).isEmpty();
        assertThat(form.first("data")).isEqualTo("x");
        assertThat(form.first("other")).isNull();
    }

    @Test
    void aPairWithABrokenEscapeIsSkippedAndTheRestIsKept() {
        FormData form = FormData.of(null, null, bytes("data=%zz&version=4&x=%4"));
        assertThat(form.first("data")).isNull();
        assertThat(form.first("version")).isEqualTo("4");
        assertThat(form.first("x")).isNull();
    }

    @Test
    void rawNonAsciiBytesInTheBodyAreReadAsUtf8() {
        assertThat(FormData.of(null, null, bytes("data=€")).first("data")).isEqualTo("€");
    }
}
