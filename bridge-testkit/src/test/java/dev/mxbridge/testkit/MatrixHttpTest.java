package dev.mxbridge.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MatrixHttpTest {
    @Test
    void percentEncodesEverythingButUnreservedCharactersInPathSegments() {
        assertThat(MatrixHttp.segment("!room:localhost")).isEqualTo("%21room%3Alocalhost");
        assertThat(MatrixHttp.segment("#irc_#chan:localhost")).isEqualTo("%23irc_%23chan%3Alocalhost");
        assertThat(MatrixHttp.segment("@a/b?c d+é:x")).isEqualTo("%40a%2Fb%3Fc%20d%2B%C3%A9%3Ax");
        assertThat(MatrixHttp.segment("m.room.name-_~")).isEqualTo("m.room.name-_~");
        assertThat(MatrixHttp.segment("")).isEmpty();
    }

    @Test
    void matrixErrorCarriesStatusErrcodeAndBody() {
        String body = "{\"errcode\":\"M_FORBIDDEN\",\"error\":\"not in room\"}";
        assertThatThrownBy(() -> MatrixHttp.parse("PUT /x", 403, body))
                .isInstanceOfSatisfying(MatrixException.class, e -> {
                    assertThat(e.status()).isEqualTo(403);
                    assertThat(e.errcode()).contains("M_FORBIDDEN");
                    assertThat(e.body()).isEqualTo(body);
                    assertThat(e).hasMessage("PUT /x answered 403 M_FORBIDDEN: not in room");
                });
    }

    @Test
    void nonJsonErrorKeepsTheBodyInTheMessage() {
        assertThatThrownBy(() -> MatrixHttp.parse("GET /y", 502, "Bad Gateway"))
                .isInstanceOfSatisfying(MatrixException.class, e -> {
                    assertThat(e.errcode()).isEmpty();
                    assertThat(e).hasMessage("GET /y answered 502: Bad Gateway");
                });
    }

    @Test
    void successWithoutBodyIsAnEmptyObject() {
        assertThat(MatrixHttp.parse("POST /leave", 200, "").isObject()).isTrue();
    }
}
