package dev.mxbridge.core.appservice;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TransactionRouteTest {

    @Test
    void aTransactionIdIsOneNonEmptySegmentAfterEitherTransactionsPath() {
        assertThat(TransactionRoute.txnId("/_matrix/app/v1/transactions/1796677333627966361")).isEqualTo("1796677333627966361");
        assertThat(TransactionRoute.txnId("/transactions/42")).isEqualTo("42");
        assertThat(TransactionRoute.txnId("/_matrix/app/v1/transactions/")).isNull();
        assertThat(TransactionRoute.txnId("/_matrix/app/v1/transactions/a/b")).isNull();
        assertThat(TransactionRoute.txnId("/_matrix/app/v1/users/@a:b")).isNull();
        assertThat(TransactionRoute.txnId("/_matrix/app/unstable/transactions/1")).isNull();
    }
}
