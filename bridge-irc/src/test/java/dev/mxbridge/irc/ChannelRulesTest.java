package dev.mxbridge.irc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChannelRulesTest {
    @Test
    void withoutRulesEveryChannelIsBridged() {
        assertThat(ChannelRules.ALL.refusal("#anything")).isEmpty();
    }

    @Test
    void anAllowListLetsOnlyMatchingChannelsThroughCaseInsensitively() {
        ChannelRules rules = new ChannelRules(List.of("#matrix*", "#help"), List.of());
        assertThat(rules.refusal("#Matrix-dev")).isEmpty();
        assertThat(rules.refusal("#help")).isEmpty();
        assertThat(rules.refusal("#helpers")).hasValue("#helpers is not among the channels this bridge bridges");
    }

    @Test
    void denyWinsOverAllowAndNamesThePattern() {
        ChannelRules rules = new ChannelRules(List.of("#*"), List.of("#ops-?", "#secret*"));
        assertThat(rules.refusal("#ops-1")).hasValue("#ops-1 is excluded from bridging by the operator (#ops-?)");
        assertThat(rules.refusal("#ops-12")).isEmpty();
        assertThat(rules.refusal("#SECRET[x]")).isPresent();
    }

    @Test
    void patternCharactersOtherThanStarAndQuestionMarkAreLiteral() {
        ChannelRules rules = new ChannelRules(List.of(), List.of("#a.b"));
        assertThat(rules.refusal("#axb")).isEmpty();
        assertThat(rules.refusal("#a.b")).isPresent();
    }
}
